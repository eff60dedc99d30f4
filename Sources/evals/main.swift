import EvalsCLI
import Foundation

// A reader that goes away (`evals … | head`) makes writes fail with EPIPE instead of killing the
// process, so evals still finishes its reports and returns its own exit code.
signal(SIGPIPE, SIG_IGN)
exit(await CLI.main(arguments: Array(CommandLine.arguments.dropFirst()), stdout: StandardStream.output, stderr: StandardStream.error, handleSignals: true))
