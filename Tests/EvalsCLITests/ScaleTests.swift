import EvalKit
import FakeModelServer
import Foundation
import Testing

/// A run of many cases, the built `evals` binary measured from outside (SPEC §11): its results are
/// spooled as they finish, so a run holds about what checking the same suite holds, and its
/// reports still count and validate every case, also when the run is interrupted.
@Suite("Scale", .serialized)
struct ScaleTests {
    static let caseCount = 10_000

    /// A suite reading `count` next-number cases from a JSONL dataset, every tenth one failing.
    static func write(_ scratch: Scratch, base: String, count: Int) throws {
        var rows = ""
        rows.reserveCapacity(count * 48)
        for i in 1...count {
            rows += "{\"id\": \"n\(i)\", \"prompt\": \"\(i)\", \"expect\": \"\(i % 10 == 0 ? i + 2 : i + 1)\"}\n"
        }
        try scratch.write("cases.jsonl", rows)
        try scratch.write("scale.yaml-lite", NetworkRunTests.localSuite("scale", base: base, cases: "cases_from:\n  path: cases.jsonl\n"))
    }

    /// Runs the binary in `scratch` to its end and returns its exit status and peak RSS in bytes.
    ///
    /// The peak is the child's own `VmHWM` (/proc/PID/status), read until it exits: `wait4`'s
    /// `ru_maxrss` would count the test process's own peak, whose memory a spawned child shares
    /// until it executes the binary, and that grows as other tests run beside this one.
    static func spawn(_ scratch: Scratch, _ arguments: [String]) throws -> (status: Int32, peakRSS: Int) {
        let binary = try #require(BuiltProduct.evals)
        let argv = ([binary.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = ["PATH=/usr/bin:/bin", "NO_COLOR=1"].map { (text: String) in strdup(text) } + [nil]
        defer { envp.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, scratch.path("stdout.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, scratch.path("stderr.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var pid: pid_t = 0
        let started = posix_spawn(&pid, binary.path, &actions, nil, argv, envp)
        try #require(started == 0, "evals starts")
        var status: Int32 = 0
        var peak = 0
        while true {
            let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            // The binary is running once the command line names it, no longer the test process.
            let running = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8))?.hasPrefix(binary.path) ?? false
            if running, let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") {
                peak = max(peak, kilobytes * 1024)
            }
            let ended = waitpid(pid, &status, WNOHANG)
            if ended == pid || (ended < 0 && errno != EINTR) { break }
            usleep(2_000)
        }
        return ((status >> 8) & 0xFF, peak)
    }

    @Test(.enabled(if: BuiltProduct.evals != nil, "the evals executable is built"))
    func aLargeRunHoldsAboutWhatItsSuiteHoldsAndReportsEveryCase() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let scratch = try Scratch()
        try Self.write(scratch, base: server.baseURL, count: Self.caseCount)
        let suite = scratch.path("scale.yaml-lite")

        let check = try Self.spawn(scratch, ["check", suite])
        #expect(check.status == 0, "\(scratch.read("stdout.txt") ?? "")")
        let run = try Self.spawn(scratch, [suite, "--golden", "off", "--concurrency", "16", "--retries", "0", "--out", scratch.path("reports")])
        #expect(run.status == 1, "\(scratch.read("stderr.txt") ?? "")")
        // Holding every case's report (as runs did before spooling) took about 8 KB a case: 80 MB here.
        let extra = run.peakRSS - check.peakRSS
        #expect(extra < 32 << 20, "the run held \(extra >> 20) MB more than checking its suite (\(run.peakRSS >> 20) MB, \(check.peakRSS >> 20) MB)")

        let failing = Self.caseCount / 10
        let results = try ResultsFile(scratch.read("reports/results.json"))
        let cases = results.cases(of: "local")
        #expect(cases.count == Self.caseCount)
        #expect(cases.first?["id"] as? String == "n1")
        #expect(cases.last?["id"] as? String == "n\(Self.caseCount)")
        #expect(results.counts(of: "local") == ["passed": Self.caseCount - failing, "failed": failing, "error": 0, "skipped": 0])
        let junit = try #require(scratch.read("reports/junit.xml"))
        #expect(junit.components(separatedBy: "<testcase ").count - 1 == Self.caseCount)
        #expect(junit.components(separatedBy: "<failure ").count - 1 == failing)
        if let validation = try validateWithXmllint(scratch.path("reports/junit.xml")) {
            #expect(validation.valid, "\(validation.output)")
        }
        let html = try #require(scratch.read("reports/report.html"))
        #expect(html.components(separatedBy: "<article ").count - 1 == Self.caseCount)
        let text = try #require(scratch.read("reports/report.txt"))
        #expect(text.contains("local: \(Self.caseCount - failing) passed, \(failing) failed, 0 errors, 0 skipped (pass rate 90.0%)"))
        #expect(text.contains("local: 0 more cases not listed") == false)
        #expect(text.components(separatedBy: "\nFAIL local ").count - 1 == failing)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path("reports")).sorted()
        #expect(leftovers == ["junit.xml", "report.html", "report.txt", "results.json"])
    }
}
