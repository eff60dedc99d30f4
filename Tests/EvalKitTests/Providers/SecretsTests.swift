import FakeModelServer
import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitSupport
@testable import EvalKitResults
@testable import EvalKitSuite
@testable import EvalKitProviders

/// No key ever appears in a provider's error messages, whatever the server does.
@Suite struct SecretsTests {
    private typealias Support = ProviderTestSupport

    static let key = "sk-DISTINCTIVE+key/7f3a9c"

    /// Every way an attempt can fail, with servers that echo whatever credentials they were sent.
    static let faults: [FakeModelServer.Fault?] = [
        nil, .malformedJSON, .hugeBody(bytes: 17 << 20), .closeConnection,
        .reply(status: 200, body: #"{"unexpected": true}"#),
    ]
    static let echoedStatuses = [400, 401, 403, 404, 408, 429, 500, 503]

    private static func configs(_ server: FakeModelServer) -> [(String, ProviderConfig)] {
        [
            ("gemini", .gemini(.init(model: "models/missing", baseURL: server.baseURL + "/v1beta"))),
            ("openai chat", .openai(.init(model: "missing", baseURL: server.baseURL + "/v1", apiKeyEnv: "OPENAI_API_KEY"))),
            ("openai completions", .openai(.init(model: "missing", baseURL: server.baseURL + "/v1", api: .completions, apiKeyEnv: "OPENAI_API_KEY"))),
            ("http", .http(.init(url: server.baseURL + "/missing?api_key=" + key.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!, headers: [.init(name: "X-Api-Key", value: key)], body: #"{"prompt": "{{prompt}}"}"#, output: "/v"))),
        ]
    }

    private static func echoingCredentials(_ request: FakeModelServer.RecordedRequest, status: Int) -> FakeModelServer.Fault {
        let sent = [request.header("x-goog-api-key"), request.header("Authorization"), request.header("X-Api-Key"), request.target].compactMap { $0 }
        let echo = sent.joined(separator: " ").replacingOccurrences(of: "\"", with: "\\\"")
        return .reply(status: status, headers: ["Retry-After": "1"], body: #"{"error": {"code": \#(status), "message": "rejected \#(echo)", "status": "\#(echo)", "type": "\#(echo)", "details": [{"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{"quotaId": "PerDay \#(echo)"}]}]}}"#)
    }

    private func errors(of provider: any Provider, server: FakeModelServer) async -> [ProviderError] {
        var errors: [ProviderError] = []
        for status in Self.echoedStatuses {
            server.setHook { Self.echoingCredentials($0, status: status) }
            if let error = await Support.error(of: { () async throws(ProviderError) in try await provider.complete(ModelRequest(prompt: "1")) }) { errors.append(error) }
        }
        server.setHook(nil)
        for fault in Self.faults {
            if let fault { server.enqueue(fault) }
            if let error = await Support.error(of: { () async throws(ProviderError) in try await provider.complete(ModelRequest(prompt: "1")) }) { errors.append(error) }
        }
        server.enqueue(.delay(milliseconds: 60_000))
        let attempt = Task { () async throws(ProviderError) -> ModelResponse in try await provider.complete(ModelRequest(prompt: "1")) }
        while server.stats.inFlight == 0 { try? await Task.sleep(for: .milliseconds(5)) }
        attempt.cancel()
        if case .failure(let error as ProviderError) = await attempt.result { errors.append(error) }
        return errors
    }

    @Test(arguments: ["gemini", "openai chat", "openai completions", "http"])
    func noErrorMessageHoldsTheKey(provider name: String) async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let environment = ["GEMINI_API_KEY": Self.key, "OPENAI_API_KEY": Self.key]
        for (configName, config) in Self.configs(server) where configName == name {
            let target = Suite.ResolvedTarget(name: "t", config: config, secrets: [Self.key])
            let suite = Support.suite(text: "", targets: [Suite.Target(name: "t", provider: config.name, model: config.model)])
            let provider = try ProviderFactory.make(for: target, suite: suite, environment: environment)
            let errors = await errors(of: provider, server: server)
            #expect(errors.count >= Self.echoedStatuses.count + Self.faults.count, "\(name)")
            for error in errors {
                #expect(!error.message.contains(Self.key), "\(name): \(error.message)")
                #expect(!error.message.contains("7f3a9c"), "\(name): \(error.message)")
            }
        }
    }

    @Test func keysTravelInHeadersOnly() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let gemini = GeminiProvider(model: "next-number", apiKey: Self.key, baseURL: Support.url(server.baseURL + "/v1beta"))
        let openAI = OpenAIProvider(model: "next-number", baseURL: Support.url(server.baseURL + "/v1"), apiKey: Self.key)
        _ = try await gemini.complete(ModelRequest(prompt: "1"))
        _ = try await openAI.complete(ModelRequest(prompt: "1"))
        for request in server.requests {
            #expect(!request.target.contains("7f3a9c"))
            #expect(!String(decoding: request.body, as: UTF8.self).contains("7f3a9c"))
        }
        #expect(server.requests.map { $0.header("x-goog-api-key") ?? $0.header("Authorization") } == [Self.key, "Bearer \(Self.key)"])
    }

    @Test func connectionFailuresNameOnlyTheHost() async throws {
        let closed = ClosedPort()
        let port = closed.port
        let provider = HTTPProvider(url: Support.url("http://127.0.0.1:\(port)/v1?key=\(Self.key.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"), body: "{}", output: try JSONPointer("/v"))
        let error = try #require(await Support.error { () async throws(ProviderError) in try await provider.complete(ModelRequest(prompt: "1")) })
        #expect(error.message == "cannot connect to http://127.0.0.1:\(port) (connection refused)")
    }

    @Test func redactsEveryFormOfASecret() {
        let redact = Redactor(["a/b+c", "", "abc"])
        #expect(redact("x a/b+c y a%2Fb%2Bc abc") == "x [REDACTED] y [REDACTED] [REDACTED]")
        #expect(redact.line("key:\n  a/b+c\u{1B}", limit: 40) == "key: [REDACTED]\\u{1B}")
    }

    /// A plain-text error body is redacted whole, then cut: a key straddling byte 2048 of a body
    /// that is mostly whitespace once left 29 of its 33 characters in the message.
    @Test func aKeyStraddlingTheCutOfAPlainTextBodyIsRedacted() async throws {
        let key = "sk-straddle-0123456789abcdefghijk"
        let server = try FakeModelServer()
        defer { server.stop() }
        let body = "rejected:" + String(repeating: " ", count: 2048 - 9 - 29) + key + " (see docs)"
        let provider = HTTPProvider(
            url: Support.url(server.baseURL + "/v1/x"), headers: [.init(name: "X-Api-Key", value: key)], body: #"{"p": "{{prompt}}"}"#,
            output: try JSONPointer("/v"), secrets: [key])
        for status in [400, 404, 500] {
            server.enqueue(.reply(status: status, headers: ["Content-Type": "text/plain"], body: body))
            let error = try #require(await Support.error { () async throws(ProviderError) in try await provider.complete(ModelRequest(prompt: "1")) })
            #expect(error.message.contains("rejected: [REDACTED] (see docs)"), "\(status): \(error.message)")
            #expect(!error.message.contains("sk-s"), "\(status): \(error.message)")
        }
    }

    @Test func aCommandsStderrIsRedactedBeforeItIsCut() async throws {
        let key = "cli-token-0123456789abcdefghijk"
        let config = ProviderConfig.Command(run: ["/bin/sh", "-c", "printf '%s' \"$0\" >&2; exit 3", String(repeating: "e", count: 190) + key])
        let provider = CommandProvider(config: config, directory: URL(fileURLWithPath: NSTemporaryDirectory()), secrets: [key])
        let error = try #require(await Support.error { () async throws(ProviderError) in try await provider.complete(ModelRequest(prompt: "1")) })
        #expect(error.message.hasPrefix("command exited with status 3: eeee"), "\(error.message)")
        #expect(!error.message.contains("cli-"), "\(error.message)")
    }
}
