import EvalKit
import Foundation

/// The `evals` command line as a function of its arguments, testable in process.
public enum CLI {
    public static func main(arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment, stdout: TextSink, stderr: TextSink) async -> Int32 {
        stderr.write("evals: not implemented\n")
        return 2
    }
}

/// Where the CLI writes text: the process's streams or a buffer in tests.
public protocol TextSink: Sendable {
    func write(_ text: String)
    var isTerminal: Bool { get }
}
