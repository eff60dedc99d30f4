import EvalsCLI
import Foundation

exit(await CLI.main(arguments: Array(CommandLine.arguments.dropFirst()), stdout: StandardStream.output, stderr: StandardStream.error, handleSignals: true))
