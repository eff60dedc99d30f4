import EvalKit
import Foundation
import YAMLLite

/// The `evals` command line as a function of its arguments, testable in process.
public enum CLI {
    /// Runs one command line and returns the exit code (SPEC §2).
    /// `handleSignals` turns SIGINT and SIGTERM into `interruption` from the first instruction
    /// to the last, as a real process does; tests leave it off and may trigger `interruption` themselves.
    public static func main(arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment, stdout: TextSink, stderr: TextSink, handleSignals: Bool = false, interruption: Interruption = Interruption()) async -> Int32 {
        let trap = handleSignals ? SignalTrap(interruption) : nil
        let code = await execute(arguments: arguments, environment: environment, stdout: stdout, stderr: stderr, interruption: interruption)
        let interrupted = interruption.happened || trap?.received == true
        return interrupted && code != ExitCode.usage ? ExitCode.interrupted : code
    }

    private static func execute(arguments: [String], environment: [String: String], stdout: TextSink, stderr: TextSink, interruption: Interruption) async -> Int32 {
        let invocation: Invocation
        do {
            invocation = try ArgumentParser.parse(arguments)
        } catch {
            stderr.write("evals: error: \(error.message)\nRun `evals --help` for usage.\n")
            if Command(rawValue: arguments.first ?? "") ?? .run == .run {
                let options = ArgumentParser.reportOptions(in: arguments)
                Console(environment: environment, options: options, stdout: stdout, stderr: stderr).writeHarnessReport(error: error.message, options: options)
            }
            return ExitCode.usage
        }
        if invocation.version {
            stdout.write("evals \(EvalsVersion.current)\n")
            return ExitCode.success
        }
        if invocation.help {
            let asked = arguments.first.flatMap(Command.init(rawValue:))
            stdout.write((asked.map(Help.text(for:)) ?? Help.overview) + "\n")
            return ExitCode.success
        }
        let console = Console(environment: environment, options: invocation.options, stdout: stdout, stderr: stderr)
        switch invocation.command {
        case .run:
            return await RunCommand(invocation: invocation, console: console, interruption: interruption).execute()
        case .check:
            return await CheckCommand(invocation: invocation, console: console).execute()
        case .list:
            return ListCommand(invocation: invocation, console: console).execute()
        case .accept:
            return AcceptCommand(invocation: invocation, console: console).execute()
        case .compare:
            return CompareCommand(invocation: invocation, console: console).execute()
        case .merge:
            return MergeCommand(invocation: invocation, console: console).execute()
        case .cache:
            return CacheCommand(invocation: invocation, console: console).execute()
        case .batch:
            return await BatchCommand(invocation: invocation, console: console).execute()
        }
    }
}

/// Where the CLI writes text: the process's streams or a buffer in tests.
public protocol TextSink: Sendable {
    func write(_ text: String)
    var isTerminal: Bool { get }
}
