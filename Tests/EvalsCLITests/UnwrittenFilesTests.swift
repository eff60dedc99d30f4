@testable import EvalsCLI
import Foundation
import Testing

/// A report or golden file that cannot be written fails the run (exit 2) and says which; two runs
/// never share a report folder; an interrupt at any moment ends with 130 and complete reports.
@Suite("Unwritten files, locks and late interrupts")
struct UnwrittenFilesTests {
    static let suite = """
        suite: files
        targets:
          local:
            provider: command
            run: [/bin/sh, -c, cat]
        cases:
          - {id: two, prompt: "2", expect: "2"}
          - {id: three, prompt: "3", expect: "3"}
        """

    @Test func aReportThatCannotBeWrittenFailsTheRunNamingIt() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("s.yaml-lite", Self.suite)
        let result = await scratch.run([path, "--junit", "/proc/version/junit.xml"])
        #expect(result.code == 2, "\(result.stderr)")
        #expect(result.stderr.contains("evals: error: could not write /proc/version/junit.xml"))
        #expect(scratch.exists("reports/results.json"), "the reports that could be written are")
    }

    @Test func anOutFolderThatIsAFileFailsBeforeAnythingIsSent() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("s.yaml-lite", Self.suite)
        try scratch.write("taken", "a file, not a folder\n")
        let result = await scratch.run([path, "--out", scratch.path("taken")])
        #expect(result.code == 2)
        #expect(result.stderr.contains("cannot create the report folder \(scratch.path("taken"))"))
        #expect(scratch.read("taken") == "a file, not a folder\n")
    }

    @Test func aGoldenUpdateThatCannotBeWrittenFailsAndSaysNothingWasUpdated() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("s.yaml-lite", Self.suite)
        try scratch.write("blocked", "a file where the golden folder should be\n")
        let result = await scratch.run([path, "--golden", "update", "--no-ci", "--golden-dir", scratch.path("blocked")])
        #expect(result.code == 2, "\(result.stderr)")
        #expect(result.stderr.contains("evals: error: could not write the golden file of files[local], so the run fails"))
        #expect(!result.stdout.contains("UPDATED"))
        let results = try scratch.results()
        #expect(results.value("golden", of: "local", case: "two") as? String == "off")
        #expect(results.object["exit_code"] as? Int == 2)
    }

    @Test func aReportFolderInUseIsRefused() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("s.yaml-lite", Self.suite)
        var held: FolderLock? = try FolderLock(scratch.path("reports"))
        let result = await scratch.run([path])
        #expect(held != nil)
        #expect(result.code == 2)
        #expect(result.stderr.contains("the report folder \(scratch.path("reports")) is in use by another evals run"))
        #expect(scratch.files(under: "reports") == [".evals.lock"], "nothing of the other run's is touched")
        held = nil
        let again = await scratch.run([path])
        #expect(again.code == 0, "the folder is free once the other run ends: \(again.stderr)")
        #expect(!scratch.exists("reports/.evals.lock"), "the lock goes with its run")
    }

    @Test func theLockOfAKilledRunIsTakenOver() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("s.yaml-lite", Self.suite)
        try scratch.write("reports/.evals.lock", "\(Int32.max)\n")
        let result = await scratch.run([path])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(!scratch.exists("reports/.evals.lock"))
    }

    @Test func aUsageErrorNeverRemovesADevice() async throws {
        let scratch = try Scratch()
        let result = await scratch.run(["missing.yaml-lite", "--json", "/dev/null", "--report", "/dev/null"])
        #expect(result.code == 2)
        var status = stat()
        #expect(stat("/dev/null", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR)
    }

    @Test func anInterruptWhileTheSuiteLoadsSkipsEveryCaseAndExits130() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("s.yaml-lite", Self.suite)
        let interruption = Interruption()
        interruption.trigger()
        let out = Buffer(terminal: false), err = Buffer(terminal: false)
        let code = await CLI.main(arguments: [path, "--out", scratch.path("reports"), "--golden-dir", scratch.path("golden")], environment: [:], stdout: out, stderr: err, interruption: interruption)
        #expect(code == 130)
        let results = try scratch.results()
        #expect(results.object["interrupted"] as? Bool == true)
        #expect(results.target("local")?["counts"] as? [String: Int] == ["passed": 0, "failed": 0, "error": 0, "skipped": 2])
        #expect(try scratch.junit().cases.count == 2)
    }

    /// SIGINT while `results.json` is being written (to a FIFO the test reads only after sending
    /// the signal; the report is larger than any pipe buffer, so evals is still writing when the
    /// signal comes) still leaves complete reports.
    @Test(.enabled(if: BuiltProduct.evals != nil, "the evals executable is built"), .timeLimit(.minutes(1)))
    func anInterruptWhileReportsAreWrittenStillWritesThemAndExits130() async throws {
        let scratch = try Scratch()
        let long = String(repeating: "x", count: 1_200_000)
        let path = try scratch.write("s.yaml-lite", Self.suite + "\n  - {id: long, prompt: \(long), expect: {length: {min: 1}}}\n")
        let fifo = scratch.path("results.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let process = Process()
        process.executableURL = try #require(BuiltProduct.evals)
        process.arguments = [path, "--out", scratch.path("reports"), "--golden-dir", scratch.path("golden"), "--json", fifo]
        process.currentDirectoryURL = scratch.url
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Opening the FIFO returns once evals has opened it to write results.json.
        let reader = try #require(FileHandle(forReadingAtPath: fifo))
        kill(process.processIdentifier, SIGINT)
        let json = reader.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "not killed by the signal")
        #expect(process.terminationStatus == 130)
        let results = try Results(text: String(decoding: json, as: UTF8.self))
        #expect(json.count > 2 << 20, "more than a pipe holds")
        #expect(results.cases("local").count == 3)
        #expect(try scratch.junit().cases.count == 3)
        #expect(scratch.read("reports/report.txt")?.hasSuffix("local: 3 passed, 0 failed, 0 errors, 0 skipped (pass rate 100.0%)\n") == true)
    }
}
