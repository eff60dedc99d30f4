import EvalKit
import FakeModelServer
import Foundation
import Testing

/// Runs of many cases, the built `evals` binary measured from outside (SPEC §11): the cases stream
/// from their dataset and their results go to a spool as they finish, so a run ten times longer
/// holds about the same memory, and its reports still count and validate every case.
@Suite("Scale", .serialized)
struct ScaleTests {
    /// The two run lengths compared; the longer one's reports are checked case by case.
    static let shortCount = 5_000
    static let longCount = 50_000
    /// Every this-many-th case fails, so that the failures the text report lists stay few.
    static let failEvery = 1_000

    /// A suite reading `count` next-number cases from a JSONL dataset, every `failEvery`-th failing.
    static func write(_ scratch: Scratch, base: String, count: Int) throws {
        var rows = ""
        rows.reserveCapacity(count * 48)
        for i in 1...count {
            rows += "{\"id\": \"n\(i)\", \"prompt\": \"\(i)\", \"expect\": \"\(i % failEvery == 0 ? i + 2 : i + 1)\"}\n"
        }
        try scratch.write("cases.jsonl", rows)
        try scratch.write("scale.yaml-lite", NetworkRunTests.localSuite("scale", base: base, cases: "cases_from:\n  path: cases.jsonl\n"))
    }

    /// Runs the binary in `scratch` to its end and returns its exit status and peak RSS in bytes.
    ///
    /// The peak is the child's own `VmHWM` (/proc/PID/status), read until it exits: `wait4`'s
    /// `ru_maxrss` would count the test process's own peak, whose memory a spawned child shares
    /// until it executes the binary, and that grows as other tests run beside this one.
    static func spawn(_ scratch: Scratch, _ arguments: [String]) async throws -> (status: Int32, peakRSS: Int) {
        // On a thread of its own: polling every 2 ms from the cooperative pool would hold one of
        // its few threads for the whole run and starve other tests' timers, and sleeping there
        // instead would poll too seldom to see the peak of a short run.
        let (stdout, stderr) = (scratch.path("stdout.txt"), scratch.path("stderr.txt"))
        return try await offThePool { try spawnAndWatch(arguments, stdout: stdout, stderr: stderr) }
    }

    private static func spawnAndWatch(_ arguments: [String], stdout: String, stderr: String) throws -> (status: Int32, peakRSS: Int) {
        let binary = try #require(BuiltProduct.evals)
        let argv = ([binary.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = ["PATH=/usr/bin:/bin", "NO_COLOR=1"].map { (text: String) in strdup(text) } + [nil]
        defer { envp.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
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

    /// Checks and runs a suite of `count` cases in a folder of its own; their exit statuses, peak
    /// RSS, and the folder with the run's reports.
    static func checkAndRun(_ server: FakeModelServer, count: Int) async throws -> (check: (status: Int32, peakRSS: Int), run: (status: Int32, peakRSS: Int), scratch: Scratch) {
        let scratch = try Scratch()
        try write(scratch, base: server.baseURL, count: count)
        let suite = scratch.path("scale.yaml-lite")
        let check = try await spawn(scratch, ["check", suite])
        let run = try await spawn(scratch, [suite, "--golden", "off", "--concurrency", "16", "--retries", "0", "--out", scratch.path("reports")])
        return (check, run, scratch)
    }

    @Test(.enabled(if: BuiltProduct.evals != nil, "the evals executable is built"))
    func aRunTenTimesLongerHoldsAboutTheSameAndReportsEveryCase() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let short = try await Self.checkAndRun(server, count: Self.shortCount)
        let long = try await Self.checkAndRun(server, count: Self.longCount)
        for (side, count) in [(short, Self.shortCount), (long, Self.longCount)] {
            #expect(side.check.status == 0, "\(side.scratch.read("stdout.txt") ?? "")")
            #expect(side.run.status == 1, "\(count) cases: \(side.scratch.read("stderr.txt") ?? "")")
        }
        // Holding the cases (as runs did before datasets streamed) took about 1.2 KB a case, and
        // holding their reports about 8 KB: 54 MB and 360 MB more for the 45,000 more cases here.
        // What still grows is 8 bytes a case for the exact latency percentiles (up to 65,536 of
        // them) and the 2 bytes a case of the duplicate-id check's Bloom filter: 1.6 MB more in
        // all, measured. The limit leaves room for a machine so loaded that the watch misses the
        // last moments of the shorter run.
        let grew = long.run.peakRSS - short.run.peakRSS
        #expect(grew < 8 << 20, "the run of \(Self.longCount) cases held \(grew >> 10) KB more than the run of \(Self.shortCount) (\(long.run.peakRSS >> 10) KB, \(short.run.peakRSS >> 10) KB)")
        let checkGrew = long.check.peakRSS - short.check.peakRSS
        #expect(checkGrew < 8 << 20, "checking \(Self.longCount) cases held \(checkGrew >> 10) KB more than checking \(Self.shortCount)")

        let scratch = long.scratch
        let count = Self.longCount
        let failing = count / Self.failEvery
        let results = try scratch.results()
        let cases = results.cases("local")
        #expect(cases.map { $0["id"] as? String } == (1...count).map { "n\($0)" }, "every case, in suite order")
        #expect(results.counts(of: "local") == ["passed": count - failing, "failed": failing, "error": 0, "skipped": 0])
        let junit = try #require(scratch.read("reports/junit.xml"))
        #expect(junit.components(separatedBy: "<testcase ").count - 1 == count)
        #expect(junit.components(separatedBy: "<failure ").count - 1 == failing)
        if let validation = try await validateWithXmllint(scratch.path("reports/junit.xml")) {
            #expect(validation.valid, "\(validation.output)")
        }
        let html = try #require(scratch.read("reports/report.html"))
        #expect(html.components(separatedBy: "<article ").count - 1 == count)
        let text = try #require(scratch.read("reports/report.txt"))
        #expect(text.contains("local: \(count - failing) passed, \(failing) failed, 0 errors, 0 skipped (pass rate 99.9%)"), "\(text.suffix(400))")
        #expect(text.components(separatedBy: "\nFAIL local ").count - 1 == failing)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path("reports")).sorted()
        #expect(leftovers == ["junit.xml", "report.html", "report.txt", "results.json"])
    }

    /// The two run lengths of a compared run, each case sent to both targets.
    static let comparedShortCount = 2_000
    static let comparedLongCount = 20_000
    /// Every this-many-th case has a grouped number, which the baseline answers ungrouped: fixed.
    static let fixedEvery = 700

    /// Runs `count` cases on `local` and on the fake model's weaker `base` as its baseline, in a
    /// folder of its own; the exit status, peak RSS and the folder with the run's reports.
    static func compare(_ server: FakeModelServer, count: Int) async throws -> (status: Int32, peakRSS: Int, scratch: Scratch) {
        let scratch = try Scratch()
        var rows = ""
        for i in 1...count {
            let grouped = i % fixedEvery == 0
            let prompt = grouped ? "9,999" : "\(i)"
            let expect = grouped ? "10,000" : "\(i % failEvery == 0 ? i + 2 : i + 1)"
            rows += "{\"id\": \"n\(i)\", \"prompt\": \"\(prompt)\", \"expect\": \"\(expect)\"}\n"
        }
        try scratch.write("cases.jsonl", rows)
        try scratch.write("cmp.yaml-lite", NetworkRunTests.localSuite("cmp", base: server.baseURL, cases: """
              base:
                provider: openai
                base_url: \(server.baseURL)/v1
                model: base
            cases_from:
              path: cases.jsonl
            """ ))
        let run = try await spawn(scratch, [
            scratch.path("cmp.yaml-lite"), "--baseline", "base", "--golden", "off", "--concurrency", "16", "--retries", "0",
            "--out", scratch.path("reports"),
        ])
        return (run.status, run.peakRSS, scratch)
    }

    @Test(.enabled(if: BuiltProduct.evals != nil, "the evals executable is built"))
    func aComparedRunTenTimesLongerHoldsAboutTheSameAndComparesEveryCase() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let short = try await Self.compare(server, count: Self.comparedShortCount)
        let long = try await Self.compare(server, count: Self.comparedLongCount)
        for side in [short, long] {
            #expect(side.status == 1, "\(side.scratch.read("stderr.txt") ?? "")")
        }
        // Holding both targets' reports, as compared runs did before they were spooled, took
        // about 8 KB a case and target: 290 MB more for the 18,000 more cases here.
        let grew = long.peakRSS - short.peakRSS
        #expect(grew < 8 << 20, "the compared run of \(Self.comparedLongCount) cases held \(grew >> 10) KB more than the run of \(Self.comparedShortCount) (\(long.peakRSS >> 10) KB, \(short.peakRSS >> 10) KB)")

        let scratch = long.scratch
        let count = Self.comparedLongCount
        let fixed = count / Self.fixedEvery
        let stillFailing = (1...count).count { $0 % Self.failEvery == 0 && $0 % Self.fixedEvery != 0 }
        let results = try Results(text: try #require(scratch.read("reports/results.json")))
        let comparison = try #require(results.comparisons.first)
        #expect(comparison["fixed"] as? Int == fixed)
        #expect(comparison["regressed"] as? Int == 0)
        #expect(comparison["still_failing"] as? Int == stillFailing)
        #expect(comparison["still_passing"] as? Int == count - fixed - stillFailing)
        #expect(comparison["changed_outputs"] as? Int == fixed)
        let cases = results.cases("local")
        #expect(cases.map { $0["id"] as? String } == (1...count).map { "n\($0)" }, "every case, in suite order")
        #expect(cases.count { $0["transition"] as? String == "fixed" } == fixed)
        #expect(results.cases("base").count == count)
        let html = try #require(scratch.read("reports/report.html"))
        #expect(html.components(separatedBy: "<article ").count - 1 == count, "one entry a case, both targets side by side")
        let text = try #require(scratch.read("reports/report.txt"))
        #expect(text.contains("  fixed \(fixed), regressed 0, still passing \(count - fixed - stillFailing), still failing \(stillFailing)"), "\(text.suffix(600))")
        #expect(text.components(separatedBy: "\n  FIXED ").count - 1 == fixed, "every fixed case listed with both outputs")
    }
}
