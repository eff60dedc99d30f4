@testable import EvalsCLI
import FakeModelServer
import Foundation
import Testing

/// Runs of the command line against Vertex AI as fake-model serves it: tuned endpoints, publisher
/// models, `token_env` and `token_command` (SPEC §10.2).
@Suite("Vertex AI runs")
struct VertexEndToEndTests {
    static let cases = """
        cases:
          - {id: digits-1, prompt: "1", expect: "2"}
          - {id: words, prompt: twenty two, expect: twenty three}
          - {id: roman, prompt: XLIX, expect: L}
        """

    /// A suite with a vertex target `tuned` whose token comes from `token`, a yaml-lite line.
    static func suite(base: String, endpoint: String = "1234567890", token: String = "token_env: VERTEX_ACCESS_TOKEN") -> String {
        """
        suite: vertex
        targets:
          tuned:
            provider: vertex
            project: my-project
            location: us-central1
            endpoint: "\(endpoint)"
            base_url: \(base)/v1
            \(token)
        \(cases)
        """
    }

    /// A script that prints `token-N` on its Nth run and counts its runs in `runs` beside it.
    static func countingTokenScript(_ scratch: Scratch) throws -> String {
        let script = try scratch.write("print-token.sh", """
            #!/bin/sh
            n=$(cat "\(scratch.path("runs"))" 2>/dev/null || echo 0)
            n=$((n + 1))
            echo "$n" > "\(scratch.path("runs"))"
            echo "token-$n"
            """)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        return script
    }

    @Test func aTunedEndpointRunsWithTheTokenFromTheEnvironment() async throws {
        let server = try FakeModelServer(.init(requiredToken: "ya29.secret-token"))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try scratch.write("vertex.yaml-lite", Self.suite(base: server.baseURL))
        let result = await scratch.run([path, "--golden", "off"], environment: ["VERTEX_ACCESS_TOKEN": "ya29.secret-token"])
        #expect(result.code == 0, "\(result.stderr)\n\(result.stdout)")

        let results = try scratch.results()
        #expect(results.counts(of: "tuned")["passed"] == 3)
        #expect(results.target("tuned")?["provider"] as? String == "vertex")
        #expect(results.target("tuned")?["model"] as? String == "endpoints/1234567890")
        #expect(Set(server.requests.map(\.target)) == ["/v1/projects/my-project/locations/us-central1/endpoints/1234567890:generateContent"])
        for name in ["reports/results.json", "reports/junit.xml", "reports/report.txt"] {
            #expect(scratch.read(name)?.contains("ya29.secret-token") == false, "\(name)")
        }
    }

    @Test func anUnsetTokenVariableIsExit2BeforeAnythingIsSent() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try scratch.write("vertex.yaml-lite", Self.suite(base: server.baseURL))
        let result = await scratch.run([path])
        #expect(result.code == 2)
        #expect(result.stderr.contains("target 'tuned': environment variable VERTEX_ACCESS_TOKEN is not set"))
        #expect(server.requests.isEmpty)
    }

    @Test func aFailingTokenCommandIsExit2WithItsStderr() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let scratch = try Scratch()
        let token = "token_command: [/bin/sh, -c, 'echo \"ERROR: (gcloud.auth.print-access-token) Reauthentication failed.\" >&2; exit 1']"
        let path = try scratch.write("vertex.yaml-lite", Self.suite(base: server.baseURL, token: token))
        let result = await scratch.run([path])
        #expect(result.code == 2)
        #expect(result.stderr.contains("vertex.yaml-lite:9:20: error: target 'tuned': token_command `/bin/sh -c"), "\(result.stderr)")
        #expect(result.stderr.contains("failed (exit status 1): ERROR: (gcloud.auth.print-access-token) Reauthentication failed."), "\(result.stderr)")
        #expect(server.requests.isEmpty)
        #expect(try scratch.junit().testcase("harness") != nil)
    }

    @Test func aTokenCommandRunsOnceMoreAfterA401() async throws {
        let server = try FakeModelServer(.init(requiredToken: "token-2"))
        defer { server.stop() }
        let scratch = try Scratch()
        let script = try Self.countingTokenScript(scratch)
        let path = try scratch.write("vertex.yaml-lite", Self.suite(base: server.baseURL, token: "token_command: [\(script)]"))
        let result = await scratch.run([path, "--golden", "off", "--concurrency", "1"])
        #expect(result.code == 0, "\(result.stderr)\n\(result.stdout)")
        #expect(scratch.read("runs")?.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
        #expect(server.requests.map { $0.header("Authorization") } == ["Bearer token-1", "Bearer token-2", "Bearer token-2", "Bearer token-2"])
        #expect(scratch.read("reports/results.json")?.contains("token-") == false)
    }

    @Test func aTokenRejectedAfterItsRefreshStopsTheTargetWithExit2() async throws {
        let server = try FakeModelServer(.init(requiredToken: "never-printed"))
        defer { server.stop() }
        let scratch = try Scratch()
        let script = try Self.countingTokenScript(scratch)
        let path = try scratch.write("vertex.yaml-lite", Self.suite(base: server.baseURL, token: "token_command: [\(script)]"))
        let result = await scratch.run([path, "--golden", "off", "--concurrency", "1"])
        #expect(result.code == 2, "\(result.stderr)\n\(result.stdout)")
        #expect(result.stdout.contains("Vertex AI rejected the access token from token_command"), "\(result.stdout)")
        #expect(scratch.read("runs")?.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
        #expect(server.requests.count == 2, "one request, sent again once with the fresh token; the other cases are not sent")
    }

    // MARK: What was served (SPEC §10.3)

    @Test func resultsRecordTheServedVersionAndTheReportSaysServedBy() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try scratch.write("vertex.yaml-lite", Self.suite(base: server.baseURL))
        let result = await scratch.run([path, "--golden", "off"], environment: ["VERTEX_ACCESS_TOKEN": "demo-token"])
        #expect(result.code == 0, "\(result.stderr)\n\(result.stdout)")

        let results = try scratch.results()
        #expect(results.target("tuned")?["model_versions"] as? [String: Int] == ["gemini-2.5-flash-001": 3])
        #expect(results.cases("tuned").map { $0["model_version"] as? String } == Array(repeating: "gemini-2.5-flash-001", count: 3))
        #expect(result.stdout.contains("  target tuned (vertex endpoints/1234567890)\n    served by gemini-2.5-flash-001\n"), "\(result.stdout)")
        #expect(scratch.read("reports/report.txt")?.contains("    served by gemini-2.5-flash-001\n") == true)
    }

    @Test func aPublisherModelServedByItsOwnNameHasNoServedByLine() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let scratch = try Scratch()
        let suite = Self.suite(base: server.baseURL).replacingOccurrences(of: #"endpoint: "1234567890""#, with: "model: gemini-2.5-flash")
        let path = try scratch.write("vertex.yaml-lite", suite)
        let result = await scratch.run([path, "--golden", "off"], environment: ["VERTEX_ACCESS_TOKEN": "demo-token"])
        #expect(result.code == 0, "\(result.stderr)\n\(result.stdout)")
        #expect(result.stdout.contains("  target tuned (vertex gemini-2.5-flash)\n"))
        #expect(!result.stdout.contains("served by"))
        #expect(Set(server.requests.map(\.target)) == ["/v1/projects/my-project/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent"])
    }

    @Test func comparingRunsServedByOtherVersionsWarns() async throws {
        let before = try FakeModelServer(.init(modelVersion: "gemini-1.5-flash-002"))
        defer { before.stop() }
        let after = try FakeModelServer(.init(modelVersion: "gemini-2.0-flash-001"))
        defer { after.stop() }
        let scratch = try Scratch()
        let environment = ["VERTEX_ACCESS_TOKEN": "demo-token"]
        let old = try scratch.write("old/vertex.yaml-lite", Self.suite(base: before.baseURL))
        #expect(await scratch.run([old, "--golden", "off", "--json", scratch.path("old.json")], environment: environment).code == 0)
        let new = try scratch.write("new/vertex.yaml-lite", Self.suite(base: after.baseURL))
        #expect(await scratch.run([new, "--golden", "off", "--json", scratch.path("new.json")], environment: environment).code == 0)

        let compared = await scratch.run(["compare", scratch.path("old.json"), scratch.path("new.json")])
        #expect(compared.code == 0, "\(compared.stderr)")
        #expect(compared.stdout.contains("comparison tuned@old → tuned@new:\n  warning: the baseline was served by gemini-1.5-flash-002, the candidate by gemini-2.0-flash-001\n"), "\(compared.stdout)")
    }

    @Test func aGoldenCheckAgainstOutputsOfAnotherVersionWarns() async throws {
        let before = try FakeModelServer(.init(modelVersion: "gemini-1.5-flash-002"))
        defer { before.stop() }
        let after = try FakeModelServer(.init(modelVersion: "gemini-2.0-flash-001"))
        defer { after.stop() }
        let scratch = try Scratch()
        let environment = ["VERTEX_ACCESS_TOKEN": "demo-token"]
        let path = try scratch.write("vertex.yaml-lite", Self.suite(base: before.baseURL))
        let recorded = await scratch.run([path, "--golden", "update"], environment: environment)
        #expect(recorded.code == 0, "\(recorded.stderr)")
        let golden = try #require(scratch.read("golden/vertex/tuned.golden"))
        #expect(golden.contains("model: endpoints/1234567890\nmodel_version: gemini-1.5-flash-002\n"), "\(golden)")

        try scratch.write("vertex.yaml-lite", Self.suite(base: after.baseURL))
        let checked = await scratch.run([path], environment: environment)
        #expect(checked.code == 0, "\(checked.stderr)")
        #expect(checked.stderr.contains("golden: the golden file of vertex[tuned] was served by gemini-1.5-flash-002, this run by gemini-2.0-flash-001; differences may come from the model version"), "\(checked.stderr)")
    }
}
