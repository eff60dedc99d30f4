import Foundation
import EvalKitProcess

extension CommandProvider: ReadinessProbing {
    /// The program exists and is executable; it is not run.
    public func readiness(firstCase: ModelRequest) async -> Readiness {
        let program = config.run.first ?? ""
        var environment = ProcessInfo.processInfo.environment
        environment.merge(config.env) { $1 }
        guard let path = ProcessRunner.resolve(program, directory: workingDirectory, searchPath: environment["PATH"]) else {
            return Readiness(.notFound, program.contains("/") ? "program '\(program)' not found or not executable" : "program '\(program)' not found on PATH")
        }
        return Readiness(.ready, "program \(path)")
    }
}
