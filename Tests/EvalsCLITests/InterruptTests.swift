import EvalKit
import FakeModelServer
import Foundation
import Synchronization
import Testing

/// SIGINT and SIGTERM sent to the built `evals` binary in the middle of a run (SPEC §2, §5.3, §9).
@Suite("Interrupts", .serialized)
struct InterruptTests {
    static let caseCount = 200

    /// A server that answers the first four requests at once and holds every later one for a
    /// minute, so the run is still going when the signal comes however slow the machine is.
    static func holdingServer() throws -> FakeModelServer {
        let server = try FakeModelServer()
        let seen = Mutex(0)
        server.setHook { _ in
            seen.withLock { $0 += 1; return $0 } > 4 ? .delay(milliseconds: 60_000) : nil
        }
        return server
    }

    static func suite(base: String) -> String {
        NetworkRunTests.localSuite("interrupt", base: base, cases: NetworkRunTests.numberCases(caseCount))
    }

    /// What the spawned binary did.
    struct Exit {
        var status: Int32
        var reason: Process.TerminationReason
        var stdout: String
        var stderr: String
    }

    /// Runs `evals` in `scratch` against `server`, sends `signal` once the server has received `after`
    /// requests, and waits for the process to end (killing it after `limit`).
    func interrupt(_ scratch: Scratch, server: FakeModelServer, arguments: [String], signal: Int32, after: Int, limit: Duration = .seconds(20)) async throws -> Exit {
        let binary = try #require(BuiltProduct.evals, "the evals executable is built")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = scratch.url
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"]
        let out = scratch.url.appendingPathComponent("stdout.txt"), err = scratch.url.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while server.stats.requests < after, process.isRunning, clock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(process.isRunning, "the run was still going when the signal was sent")
        kill(process.processIdentifier, signal)
        let exitDeadline = clock.now + limit
        while process.isRunning, clock.now < exitDeadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(!process.isRunning, "evals ended after the signal")
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        let stdout = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        try FileManager.default.removeItem(at: out)
        try FileManager.default.removeItem(at: err)
        return Exit(status: process.terminationStatus, reason: process.terminationReason, stdout: stdout, stderr: stderr)
    }

    /// Runs the suite with `arguments` against a holding server (after `prepare`), sends `signal`
    /// after 8 requests, and checks that evals exited 130 with complete reports.
    func interruptedRun(_ arguments: [String], signal: Int32, prepare: (Scratch) throws -> Void = { _ in }) async throws -> (Scratch, Exit) {
        let server = try Self.holdingServer()
        defer { server.stop() }
        let scratch = try Scratch()
        try scratch.write("interrupt.yaml-lite", Self.suite(base: server.baseURL))
        try prepare(scratch)
        let exit = try await interrupt(
            scratch, server: server, arguments: ["interrupt.yaml-lite", "--concurrency", "4"] + arguments, signal: signal, after: 8)
        #expect(exit.reason == .exit)
        #expect(exit.status == 130, "\(exit.stderr)")
        try await expectInterruptedReports(scratch, requests: server.stats.requests)
        return (scratch, exit)
    }

    /// Checks the reports of an interrupted run: complete, valid, finished cases passed and the rest skipped.
    func expectInterruptedReports(_ scratch: Scratch, requests: Int) async throws {
        let reports = try FileManager.default.contentsOfDirectory(atPath: scratch.path("reports")).sorted()
        #expect(reports == ["junit.xml", "report.html", "report.txt", "results.json"], "no temporary files are left behind")

        let results = try scratch.results()
        #expect(results.object["interrupted"] as? Bool == true)
        #expect(results.object["exit_code"] as? Int == 130)
        let cases = results.cases("local")
        #expect(cases.map { $0["id"] as? String } == (1...Self.caseCount).map { "n\($0)" }, "every case is in the report, in suite order")
        let passed = cases.filter { $0["outcome"] as? String == "passed" }
        let skipped = cases.filter { $0["outcome"] as? String == "skipped" }
        #expect(passed.count + skipped.count == Self.caseCount, "a case either finished or was not run")
        #expect(!passed.isEmpty, "the cases that finished before the signal are kept")
        #expect(!skipped.isEmpty, "the run stopped early")
        #expect(skipped.allSatisfy { $0["reason"] as? String == "interrupted" })
        #expect(passed.count <= requests)
        #expect(results.counts(of: "local") == ["passed": passed.count, "failed": 0, "error": 0, "skipped": skipped.count])

        let junit = try #require(scratch.read("reports/junit.xml"))
        #expect(junit.contains("tests=\"\(Self.caseCount)\""))
        #expect(junit.components(separatedBy: "<skipped").count - 1 == skipped.count)
        if let validation = try await validateWithXmllint(scratch.path("reports/junit.xml")) {
            #expect(validation.valid, "\(validation.output)")
        }
        #expect(scratch.read("reports/report.txt")?.contains("local: \(passed.count) passed, 0 failed, 0 errors, \(skipped.count) skipped") == true)
    }

    @Test(.enabled(if: BuiltProduct.evals != nil, "the evals executable is built"))
    func sigintWritesTheFinishedResultsAndExits130() async throws {
        let goldenPath = "golden/interrupt/local.golden"
        var before: String?
        let (scratch, exit) = try await interruptedRun(["--golden", "update"], signal: SIGINT) { scratch in
            // A golden file that holds every answer and one obsolete entry, which an update would drop.
            let entries = (1...Self.caseCount).map { GoldenFile.Entry(id: "n\($0)", prompt: "\($0)", output: "\($0 + 1)") }
            let golden = GoldenFile(suite: "interrupt", target: "local", model: "next-number", entries: entries + [GoldenFile.Entry(id: "gone", prompt: "0", output: "1")])
            try GoldenStore(directory: scratch.path("golden")).write(golden, suite: "interrupt", target: "local")
            before = scratch.read(goldenPath)
        }
        #expect(before != nil)
        #expect(exit.stderr.contains("evals: warning: interrupted"), "\(exit.stderr)")
        #expect(exit.stdout.contains("skipped"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path("golden/interrupt")) == ["local.golden"],
                "no pending or temporary golden file")
        #expect(scratch.read(goldenPath) == before, "an interrupted update leaves the golden file as it was")
    }

    @Test(.enabled(if: BuiltProduct.evals != nil, "the evals executable is built"))
    func sigintDuringAComparedGoldenUpdateKeepsTheGoldenFileAndReportsEveryCase() async throws {
        // Both targets' cases are joined and compared as they finish; the interrupted update
        // then checks the judged target's cases again and spools the whole suite anew.
        let (scratch, _) = try await interruptedRun(["--golden", "update", "--baseline", "base"], signal: SIGINT) { scratch in
            let suite = try #require(scratch.read("interrupt.yaml-lite"))
            let url = try #require(suite.split(separator: "\n").first { $0.contains("base_url:") })
            try scratch.write("interrupt.yaml-lite", suite.replacingOccurrences(
                of: "  local:\n", with: "  base:\n    provider: openai\n\(url)\n    model: base\n  local:\n"))
        }
        #expect(!scratch.exists("golden"), "an interrupted update writes no golden file")
        let results = try Results(text: try #require(scratch.read("reports/results.json")))
        #expect(results.cases("base").map { $0["id"] as? String } == (1...Self.caseCount).map { "n\($0)" })
        let local = results.cases("local")
        let comparison = try #require(results.comparisons.first)
        let bothPassed = (0..<Self.caseCount).count { local[$0]["outcome"] as? String == "passed" && results.cases("base")[$0]["outcome"] as? String == "passed" }
        #expect(comparison["still_passing"] as? Int == bothPassed)
        #expect(comparison["incomparable"] as? Int == Self.caseCount - bothPassed)
        #expect(local.allSatisfy { $0["golden"] as? String == "new" || $0["outcome"] as? String == "skipped" }, "checked again as a check would have")
        let html = try #require(scratch.read("reports/report.html"))
        #expect(html.components(separatedBy: "<article ").count - 1 == Self.caseCount, "one entry a case, both targets side by side")
    }

    @Test(.enabled(if: BuiltProduct.evals != nil, "the evals executable is built"))
    func sigintDuringASpooledRunWritesEveryCase() async throws {
        // Without golden files or a baseline the cases go to a spool as they finish (SPEC §11).
        let (scratch, _) = try await interruptedRun(["--golden", "off"], signal: SIGINT)
        let html = try #require(scratch.read("reports/report.html"))
        #expect(html.components(separatedBy: "<article ").count - 1 == Self.caseCount)
    }

    @Test(.enabled(if: BuiltProduct.evals != nil, "the evals executable is built"))
    func sigintDuringARunStreamingItsDatasetWritesEveryCase() async throws {
        // The cases stream from a JSONL dataset; those the signal left unfinished are read again.
        let (scratch, _) = try await interruptedRun(["--golden", "off"], signal: SIGINT) { scratch in
            try scratch.write("cases.jsonl", (1...Self.caseCount).map { "{\"id\": \"n\($0)\", \"prompt\": \"\($0)\", \"expect\": \"\($0 + 1)\"}\n" }.joined())
            let suite = try #require(scratch.read("interrupt.yaml-lite"))
            let inline = try #require(suite.range(of: "cases:"))
            try scratch.write("interrupt.yaml-lite", suite[..<inline.lowerBound] + "cases_from:\n  path: cases.jsonl\n")
        }
        let html = try #require(scratch.read("reports/report.html"))
        #expect(html.components(separatedBy: "<article ").count - 1 == Self.caseCount)
    }

    @Test(.enabled(if: BuiltProduct.evals != nil, "the evals executable is built"))
    func sigtermIsAnInterruptToo() async throws {
        let (scratch, _) = try await interruptedRun(["--no-ci", "--golden-dir", "golden"], signal: SIGTERM)

        // Outside CI mode a check proposes the new entries; whatever is written is whole, never a temporary file.
        let folder = scratch.path("golden/interrupt")
        let written = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        #expect(written.allSatisfy { $0 == "local.golden.new" }, "\(written)")
        if !written.isEmpty {
            let pending = try #require(try GoldenStore(directory: scratch.path("golden")).readPending(suite: "interrupt", target: "local"))
            let passed = try scratch.results().cases("local")
                .filter { $0["outcome"] as? String == "passed" }.compactMap { $0["id"] as? String }
            #expect(pending.entries.map(\.id) == passed, "the pending file holds exactly the finished cases")
        }
    }
}
