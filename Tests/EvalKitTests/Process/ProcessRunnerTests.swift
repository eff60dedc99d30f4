import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitProcess
@testable import EvalKitSuite

@Suite struct ProcessRunnerTests {
    private func shell(_ script: String, input: String = "", environment: [String: String] = [:], directory: URL? = nil, timeout: Duration? = .seconds(30)) -> ProcessRunner {
        ProcessRunner(program: "/bin/sh", arguments: ["-c", script], input: Data(input.utf8), environment: environment, directory: directory, timeout: timeout)
    }

    @Test func stdinToStdoutAndStderr() async throws {
        let output = try await shell("cat; echo oops >&2", input: "hello\nworld\n").run()
        #expect(output.exitStatus == 0)
        #expect(output.signal == nil)
        #expect(output.stdoutText == "hello\nworld\n")
        #expect(output.stderrText == "oops\n")
        #expect(output.succeeded)
        #expect(!output.timedOut)
    }

    @Test func exitStatus() async throws {
        let output = try await shell("echo out; exit 3").run()
        #expect(output.exitStatus == 3)
        #expect(output.stdoutText == "out\n")
        #expect(!output.succeeded)
    }

    @Test func environmentAndDirectory() async throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try await shell("printf '%s|%s' \"$EVALS_TEST_VALUE\" \"$(pwd -P)\"", environment: ["EVALS_TEST_VALUE": "a b"], directory: folder).run()
        #expect(output.stdoutText == "a b|" + folder.resolvingSymlinksInPath().path)
    }

    @Test func programOnPathAndRelativeToDirectory() async throws {
        let echo = try await ProcessRunner(program: "echo", arguments: ["hi", "there"]).run()
        #expect(echo.stdoutText == "hi there\n")

        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("tool.sh")
        try "#!/bin/sh\necho from-tool \"$1\"\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let output = try await ProcessRunner(program: "./tool.sh", arguments: ["x"], directory: folder).run()
        #expect(output.stdoutText == "from-tool x\n")
    }

    @Test func missingProgram() async {
        await #expect(throws: ProcessRunner.Failure.notFound("no-such-program-evals")) {
            try await ProcessRunner(program: "no-such-program-evals").run()
        }
        await #expect(throws: ProcessRunner.Failure.notFound("./missing.sh")) {
            try await ProcessRunner(program: "./missing.sh", directory: URL(fileURLWithPath: "/tmp")).run()
        }
        #expect(ProcessRunner.Failure.notFound("x").description == "program 'x' not found on PATH")
    }

    @Test func timeoutKillsTheWholeGroup() async throws {
        // The shell's child `sleep` holds stdout open; only killing the group ends the run.
        let output = try await shell("sleep 30; echo late", timeout: .milliseconds(300)).run()
        #expect(output.timedOut)
        #expect(output.signal == 9)
        #expect(output.exitStatus == nil)
        #expect(output.stdoutText == "")
    }

    @Test func leftoverChildrenDoNotHoldTheRun() async throws {
        let output = try await shell("(sleep 30; echo late) & echo early").run()
        #expect(output.exitStatus == 0)
        #expect(output.stdoutText == "early\n")
    }

    @Test func cancellationKillsTheChild() async throws {
        let task = Task { try await shell("sleep 30", timeout: nil).run() }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        await #expect(throws: ProcessRunner.Failure.cancelled) {
            try await task.value
        }
    }

    @Test func largeInputAndOutput() async throws {
        let text = String(repeating: "0123456789abcdef\n", count: 40_000)
        let output = try await shell("cat; cat >&2 </dev/null; head -c 100000 /dev/zero | tr '\\0' x >&2", input: text).run()
        #expect(output.stdout.count == text.utf8.count)
        #expect(output.stderr.count == 100_000)
    }

    @Test func childThatIgnoresStdin() async throws {
        let output = try await shell("exit 0", input: String(repeating: "x", count: 1_000_000)).run()
        #expect(output.exitStatus == 0)
    }

    /// A descendant that leaves the process group (`setsid`) and keeps stdin, stdout and stderr
    /// open no longer holds the run: once the child exits, what the pipes hold is read and they close.
    @Test(.timeLimit(.minutes(1)))
    func aDescendantInItsOwnSessionDoesNotHoldTheRun() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pidFile = folder.appendingPathComponent("pid").path
        let output = try await shell(
            "setsid sh -c 'echo $$ > \(pidFile); exec sleep 1000' & while [ ! -s \(pidFile) ]; do sleep 0.01; done; echo early; echo warn >&2",
            input: String(repeating: "x", count: 4_000_000), timeout: nil
        ).run()
        let pid = try #require(pid_t(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        defer { kill(pid, SIGKILL) }
        #expect(kill(pid, 0) == 0, "the descendant is still running: the run did not wait for it")
        #expect(output.exitStatus == 0)
        #expect(output.stdoutText == "early\n")
        #expect(output.stderrText == "warn\n")
    }

    @Test(.timeLimit(.minutes(1)))
    func outputPastTheLimitKillsTheChild() async throws {
        var runner = shell("yes", timeout: nil)
        runner.outputLimit = 1 << 20
        let output = try await runner.run()
        #expect(output.exceededLimit)
        #expect(!output.succeeded)
        #expect(output.stdout.count == 1 << 20)
        #expect(output.signal == SIGKILL || output.signal == SIGPIPE)

        var stderrRunner = shell("head -c 3000 /dev/zero >&2; echo fine")
        stderrRunner.outputLimit = 2000
        let noisy = try await stderrRunner.run()
        #expect(noisy.exceededLimit)
        #expect(noisy.stderr.count == 2000)
    }

    @Test func outputAtTheLimitIsKept() async throws {
        var runner = shell("head -c 2000 /dev/zero")
        runner.outputLimit = 2000
        let output = try await runner.run()
        #expect(!output.exceededLimit)
        #expect(output.succeeded)
        #expect(output.stdout.count == 2000)
    }
}
