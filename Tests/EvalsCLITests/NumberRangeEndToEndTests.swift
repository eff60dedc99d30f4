@testable import EvalsCLI
import Foundation
import Testing

/// The numbers of issue 8 item 4 that crashed evals (a 152 GB allocation, traps converting to a
/// `Duration`, an overflow): each is now a usage or suite error, exit 2, and `check` rejects the suite.
@Suite("Number ranges end to end", .serialized)
struct NumberRangeEndToEndTests {
    /// A one-case suite on the offline reference model, with `targetLine` added to its target and `caseLine` to its case.
    static func suite(targetLine: String = "", caseLine: String = "") -> String {
        """
        suite: numbers
        targets:
          ref:
            provider: reference
            model: next-number
            \(targetLine)
        cases:
          - prompt: "1"
            expect: "2"
            \(caseLine)
        """
    }

    /// What the built binary did: how it ended, its status, and what it wrote to stderr.
    struct Finished {
        var exited: Bool
        var status: Int32
        var stderr: String
    }

    /// Runs the built `evals` in the scratch folder (so a usage error's harness report lands there), its
    /// stderr going to a file; a crash is seen as a signal rather than taking the test process down.
    static func runBinary(_ arguments: [String], in scratch: Scratch) async throws -> Finished {
        let errors = try scratch.write("stderr.txt", "")
        let process = Process()
        process.executableURL = try #require(BuiltProduct.evals)
        process.arguments = arguments
        process.currentDirectoryURL = scratch.url
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            process.terminationHandler = { _ in done.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                done.resume()
            }
        }
        return Finished(exited: process.terminationReason == .exit, status: process.terminationStatus, stderr: scratch.read("stderr.txt") ?? "")
    }

    @Test(.enabled(if: BuiltProduct.evals != nil, "the evals executable is built"), arguments: [
        (["--repeat", "1000000000"], "--repeat must be a whole number from 1 to 1000, got 1000000000"),
        (["--timeout", "1e300"], "--timeout must be a number of seconds greater than 0 and at most 86400, got 1e300"),
        (["--concurrency", "9223372036854775807"], "--concurrency must be a whole number from 1 to 1024, got 9223372036854775807"),
    ])
    func anOptionOutOfRangeIsAUsageError(option: [String], message: String) async throws {
        let scratch = try Scratch()
        let path = try scratch.write("s.yaml-lite", Self.suite())
        let result = try await Self.runBinary([path, "--out", scratch.path("reports")] + option, in: scratch)
        #expect(result.exited, "killed by signal \(result.status)")
        #expect(result.status == 2)
        #expect(result.stderr.contains("evals: error: \(message)"), "\(result.stderr)")
    }

    /// A suite value out of range, marked `⟪`, and the message at that place.
    struct BadSuite: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var message: String
        var testDescription: String { name }
    }

    static let badSuites = [
        BadSuite(name: "repeat: 1000000000", text: suite(caseLine: "repeat: ⟪1000000000"),
                 message: "repeat must be a whole number from 1 to 1000, got 1000000000"),
        BadSuite(name: "timeout: 1e300", text: suite(caseLine: "timeout: ⟪1e300"),
                 message: "timeout must be a number of seconds greater than 0 and at most 86400, got 1e300"),
        BadSuite(name: "rate_limit: 1e-300", text: suite(targetLine: "rate_limit: ⟪1e-300"),
                 message: "rate_limit must be a number of requests per minute from 0.001 to 1000000, got 1e-300"),
        BadSuite(name: "max_concurrency: 9223372036854775807", text: suite(targetLine: "max_concurrency: ⟪9223372036854775807"),
                 message: "max_concurrency must be a whole number from 1 to 1024, got 9223372036854775807"),
    ]

    static func marked(_ suite: BadSuite) -> (text: String, line: Int, column: Int) {
        let lines = suite.text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = lines.firstIndex { $0.contains("⟪") }!
        let column = lines[line].prefix { $0 != "⟪" }.unicodeScalars.count + 1
        return (suite.text.replacingOccurrences(of: "⟪", with: ""), line + 1, column)
    }

    @Test(.enabled(if: BuiltProduct.evals != nil, "the evals executable is built"), arguments: badSuites)
    func runRejectsTheSuiteAtTheValue(suite: BadSuite) async throws {
        let scratch = try Scratch()
        let (text, line, column) = Self.marked(suite)
        let path = try scratch.write("s.yaml-lite", text)
        let result = try await Self.runBinary([path, "--out", scratch.path("reports")], in: scratch)
        #expect(result.exited, "killed by signal \(result.status)")
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(path):\(line):\(column): error: \(suite.message)"), "\(result.stderr)")
        #expect(!scratch.exists("reports/results.json"))
    }

    @Test(arguments: badSuites)
    func checkCallsTheSuiteInvalid(suite: BadSuite) async throws {
        let scratch = try Scratch()
        let (text, line, column) = Self.marked(suite)
        let path = try scratch.write("s.yaml-lite", text)
        let result = await scratch.run(["check", path])
        #expect(result.code == 2)
        #expect(!result.stdout.contains("ok"), "\(result.stdout)")
        #expect(result.stderr.contains("\(path):\(line):\(column): error: \(suite.message)"), "\(result.stderr)")
    }

    @Test func valuesAtTheTopOfTheirRangesRun() async throws {
        let scratch = try Scratch()
        let text = Self.suite(targetLine: "rate_limit: 1000000\n    max_concurrency: 1024", caseLine: "timeout: 86400")
        let path = try scratch.write("s.yaml-lite", text)
        let result = await scratch.run([path, "--concurrency", "1024", "--retries", "100", "--repeat", "3"])
        #expect(result.code == 0, "\(result.stderr)\(result.stdout)")
    }
}
