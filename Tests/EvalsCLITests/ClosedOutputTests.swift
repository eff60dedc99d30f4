import Foundation
import Testing

/// The built `evals` binary with a standard output nobody reads (`evals … | head` after head quit).
@Suite("Closed output")
struct ClosedOutputTests {
    @Test(.enabled(if: BuiltProduct.evals != nil, "the evals executable is built"))
    func aClosedPipeDoesNotKillTheProcess() throws {
        let scratch = try Scratch()
        let suite = try scratch.write("s.yaml-lite", """
            suite: closed
            targets:
              reference:
                provider: reference
                model: next-number
            cases:
              - prompt: "1"
                expect: "2"
            """)
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        let process = Process()
        process.executableURL = try #require(BuiltProduct.evals)
        process.arguments = [suite, "--out", scratch.path("reports")]
        process.currentDirectoryURL = scratch.url
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"]
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "not killed by SIGPIPE (signal \(process.terminationStatus))")
        #expect(process.terminationStatus == 0)
        #expect(scratch.exists("reports/junit.xml"), "the reports are still written")
    }
}
