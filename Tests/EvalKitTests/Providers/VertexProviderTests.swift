import FakeModelServer
import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitSuite
@testable import EvalKitProviders

/// The `vertex` provider against the Vertex AI routes of an in-process fake-model, checked
/// against Google's REST reference (`projects.locations.endpoints.generateContent` and
/// `projects.locations.publishers.models.generateContent`).
@Suite struct VertexProviderTests {
    private typealias Support = ProviderTestSupport

    private func provider(_ server: FakeModelServer, _ resource: ProviderConfig.Vertex.Resource, location: String = "us-central1", token: VertexProvider.TokenSource.Origin = .environment(variable: "VERTEX_ACCESS_TOKEN", token: "ya29.token")) -> VertexProvider {
        let config = ProviderConfig.Vertex(project: "my-project", location: location, resource: resource, baseURL: server.baseURL + "/v1")
        return VertexProvider(config: config, baseURL: Support.url(server.baseURL + "/v1"), token: token)
    }

    /// The body of the reference's `GenerateContentRequest`: `contents` with one user turn, the
    /// system text as `systemInstruction` (no role), settings in `generationConfig`; keys sorted.
    private let expectedBody = #"{"contents":[{"parts":[{"text":"ninety nine"}],"role":"user"}],"generationConfig":{"maxOutputTokens":16,"temperature":0},"systemInstruction":{"parts":[{"text":"Answer the next number."}]}}"#

    private let request = ModelRequest(prompt: "ninety nine", system: "Answer the next number.", settings: GenerationSettings(temperature: 0, maxTokens: 16))

    @Test func postsATunedEndpointRequestByteForByte() async throws {
        let server = try FakeModelServer(.init(requiredToken: "ya29.token"))
        defer { server.stop() }
        let response = try await provider(server, .endpoint("1234567890")).complete(request)
        #expect(response.text == "one hundred")
        #expect(response.modelVersion == "gemini-2.5-flash-001")

        let sent = try #require(server.requests.first)
        #expect(sent.method == "POST")
        #expect(sent.target == "/v1/projects/my-project/locations/us-central1/endpoints/1234567890:generateContent")
        #expect(sent.header("Authorization") == "Bearer ya29.token")
        #expect(sent.header("Content-Type") == "application/json")
        #expect(sent.header("x-goog-api-key") == nil)
        #expect(String(decoding: sent.body, as: UTF8.self) == expectedBody)
    }

    @Test func postsAPublisherModelRequestByteForByte() async throws {
        let server = try FakeModelServer(.init(requiredToken: "ya29.token"))
        defer { server.stop() }
        let response = try await provider(server, .model("gemini-2.5-flash"), location: "europe-west4").complete(request)
        #expect(response.text == "one hundred")
        #expect(response.modelVersion == "gemini-2.5-flash")

        let sent = try #require(server.requests.first)
        #expect(sent.method == "POST")
        #expect(sent.target == "/v1/projects/my-project/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent")
        #expect(sent.header("Authorization") == "Bearer ya29.token")
        #expect(String(decoding: sent.body, as: UTF8.self) == expectedBody)
    }

    @Test func sendsTheSameBodyAsTheGeminiProvider() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        _ = try await provider(server, .endpoint("42")).complete(request)
        _ = try await GeminiProvider(model: "next-number", apiKey: "k", baseURL: Support.url(server.baseURL + "/v1beta")).complete(request)
        let bodies = server.requests.map(\.body)
        #expect(bodies.count == 2)
        #expect(bodies[0] == bodies[1])
    }

    @Test(arguments: [
        ("us-central1", nil, "https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/endpoints/9:generateContent"),
        ("global", nil, "https://aiplatform.googleapis.com/v1/projects/p/locations/global/endpoints/9:generateContent"),
        ("us-east5", "http://127.0.0.1:9/v1/", "http://127.0.0.1:9/v1/projects/p/locations/us-east5/endpoints/9:generateContent"),
    ] as [(String, String?, String)])
    func buildsTheURLFromLocationAndBaseURL(location: String, baseURL: String?, url: String) throws {
        let config = ProviderConfig.Vertex(project: "p", location: location, resource: .endpoint("9"), baseURL: baseURL)
        let provider = VertexProvider(config: config, baseURL: Support.url(config.effectiveBaseURL), token: .environment(variable: "T", token: "t"))
        #expect(provider.endpoint.absoluteString == url)
    }

    @Test func aRejectedEnvironmentTokenIsFatalAndNamesTheVariable() async throws {
        let server = try FakeModelServer(.init(requiredToken: "fresh"))
        defer { server.stop() }
        let error = await Support.error { () async throws(ProviderError) in try await provider(server, .endpoint("1")).complete(request) }
        #expect(error?.kind == .fatal)
        #expect(error?.httpStatus == 401)
        #expect(error?.message.hasPrefix("Vertex AI rejected the access token in VERTEX_ACCESS_TOKEN (HTTP 401)") == true)
        #expect(error?.message.contains("ya29.token") == false)
        #expect(server.requests.count == 1)
    }

    @Test func aMissingEndpointIsFatalAndSaysWhereToLook() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let error = await Support.error { () async throws(ProviderError) in try await provider(server, .endpoint("missing-1")).complete(request) }
        #expect(error?.kind == .fatal)
        #expect(error?.message.hasPrefix("endpoint missing-1 (project my-project, location us-central1) was not found (HTTP 404): check endpoint, project and location (`gcloud ai endpoints list --region=us-central1`)") == true)
    }
}

/// `token_command`: run once before the first request, once more after a 401, then fatal.
@Suite struct VertexTokenCommandTests {
    private typealias Support = ProviderTestSupport

    /// A script printing `token-N` on its Nth run, counting runs in a file beside it.
    private func countingScript(in folder: URL) throws -> (script: String, count: URL) {
        let count = folder.appendingPathComponent("runs")
        let script = folder.appendingPathComponent("print-token.sh")
        try """
            #!/bin/sh
            n=$(cat "\(count.path)" 2>/dev/null || echo 0)
            n=$((n + 1))
            echo "$n" > "\(count.path)"
            echo "token-$n"
            """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return (script.path, count)
    }

    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("evals-vertex-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func provider(_ server: FakeModelServer, command: [String], directory: URL) -> VertexProvider {
        let config = ProviderConfig.Vertex(project: "p", resource: .endpoint("1"), baseURL: server.baseURL + "/v1", token: .command(command))
        return VertexProvider(config: config, baseURL: Support.url(server.baseURL + "/v1"), token: .command(command, directory: directory))
    }

    private func runs(_ count: URL) -> String? {
        (try? String(contentsOf: count, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func refreshesTheTokenOnceAfterA401() async throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (script, count) = try countingScript(in: directory)
        let server = try FakeModelServer(.init(requiredToken: "token-2"))
        defer { server.stop() }
        let provider = provider(server, command: [script], directory: directory)

        let response = try await provider.complete(ModelRequest(prompt: "1"))
        #expect(response.text == "2")
        #expect(server.requests.map { $0.header("Authorization") } == ["Bearer token-1", "Bearer token-2"])
        #expect(runs(count) == "2")

        _ = try await provider.complete(ModelRequest(prompt: "2"))
        #expect(server.requests.last?.header("Authorization") == "Bearer token-2")
        #expect(runs(count) == "2")
    }

    @Test func aSecond401AfterTheRefreshIsFatal() async throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (script, count) = try countingScript(in: directory)
        let server = try FakeModelServer(.init(requiredToken: "never-printed"))
        defer { server.stop() }
        let provider = provider(server, command: [script], directory: directory)

        let error = await Support.error { () async throws(ProviderError) in try await provider.complete(ModelRequest(prompt: "1")) }
        #expect(error?.kind == .fatal)
        #expect(error?.message.hasPrefix("Vertex AI rejected the access token from token_command `\(script)` (HTTP 401), also after running it again") == true)
        #expect(error?.message.contains("token-") == false)
        #expect(server.requests.count == 2)
        #expect(runs(count) == "2")

        let again = await Support.error { () async throws(ProviderError) in try await provider.complete(ModelRequest(prompt: "1")) }
        #expect(again?.kind == .fatal)
        #expect(runs(count) == "2")
    }

    @Test func concurrent401sShareOneRefresh() async throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (script, count) = try countingScript(in: directory)
        let server = try FakeModelServer(.init(requiredToken: "token-2"))
        defer { server.stop() }
        let provider = provider(server, command: [script], directory: directory)
        _ = try await provider.tokens.current()
        let answers = await withTaskGroup(of: String?.self) { group in
            for prompt in 1...8 {
                group.addTask { try? await provider.complete(ModelRequest(prompt: "\(prompt)")).text }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.compactMap { $0 }.count == 8)
        #expect(runs(count) == "2")
    }

    @Test func aFailingCommandIsFatalWithItsStderr() async throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try FakeModelServer()
        defer { server.stop() }
        let command = ["/bin/sh", "-c", "echo 'ERROR: (gcloud.auth.print-access-token) You do not currently have an active account selected.' >&2; exit 1"]
        let error = await Support.error { () async throws(ProviderError) in try await provider(server, command: command, directory: directory).complete(ModelRequest(prompt: "1")) }
        #expect(error?.kind == .fatal)
        #expect(error?.message.contains("failed (exit status 1): ERROR: (gcloud.auth.print-access-token) You do not currently have an active account selected.") == true)
        #expect(server.requests.isEmpty)
    }
}
