import FakeModelServer
import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitResults
@testable import EvalKitSuite
@testable import EvalKitProviders

@Suite struct GeminiProviderTests {
    private typealias Support = ProviderTestSupport

    private func provider(_ server: FakeModelServer, model: String = "models/next-number", key: String = "gemini-key") -> GeminiProvider {
        GeminiProvider(model: model, apiKey: key, baseURL: Support.url(server.baseURL + "/v1beta"))
    }

    @Test func sendsTheRequestGenerateContentExpects() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let settings = GenerationSettings(temperature: 0.5, topP: 0.9, topK: 40, maxTokens: 16, stop: ["\n", "END"], seed: 7)
        let response = try await provider(server).complete(ModelRequest(prompt: "ninety nine", system: "Answer the next number.", settings: settings))
        #expect(response.text == "one hundred")

        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.target == "/v1beta/models/next-number:generateContent")
        #expect(request.header("x-goog-api-key") == "gemini-key")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.header("Authorization") == nil)
        let body = Support.json(request)
        let contents = body["contents"] as? [[String: Any]]
        #expect(contents?.count == 1)
        #expect(contents?.first?["role"] as? String == "user")
        #expect((contents?.first?["parts"] as? [[String: Any]])?.first?["text"] as? String == "ninety nine")
        let system = body["systemInstruction"] as? [String: Any]
        #expect((system?["parts"] as? [[String: Any]])?.first?["text"] as? String == "Answer the next number.")
        let config = try #require(body["generationConfig"] as? [String: Any])
        #expect(config["temperature"] as? Double == 0.5)
        #expect(config["topP"] as? Double == 0.9)
        #expect(config["topK"] as? Int == 40)
        #expect(config["maxOutputTokens"] as? Int == 16)
        #expect(config["stopSequences"] as? [String] == ["\n", "END"])
        #expect(config["seed"] as? Int == 7)
        #expect(config.count == 6)
    }

    @Test func leavesOutWhatIsNotSet() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        _ = try await provider(server).complete(ModelRequest(prompt: "1", system: nil))
        _ = try await provider(server).complete(ModelRequest(prompt: "1", system: "", settings: GenerationSettings(maxTokens: 4)))
        let bodies = server.requests.map { Support.json($0) }
        #expect(Set(bodies[0].keys) == ["contents"])
        #expect(Set(bodies[1].keys) == ["contents", "generationConfig"])
        #expect(bodies[1]["generationConfig"] as? [String: Int] == ["maxOutputTokens": 4])
    }

    @Test(arguments: [
        ("next-number", "/v1beta/models/next-number:generateContent"),
        ("models/gemini-2.0-flash", "/v1beta/models/gemini-2.0-flash:generateContent"),
        ("tunedModels/next-number-abc", "/v1beta/tunedModels/next-number-abc:generateContent"),
    ])
    func postsToTheModelsResource(model: String, path: String) async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let provider = GeminiProvider(model: model, apiKey: "k", baseURL: Support.url(server.baseURL + "/v1beta/"))
        #expect(provider.endpoint.absoluteString == server.baseURL + path)
        _ = try await provider.complete(ModelRequest(prompt: "1"))
        #expect(server.requests.first?.target == path)
    }

    @Test func readsTextFinishReasonAndUsage() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let response = try await provider(server).complete(ModelRequest(prompt: "XLIX"))
        #expect(response == ModelResponse(text: "L", finishReason: "STOP", usage: TokenUsage(promptTokens: 1, completionTokens: 1), modelVersion: "next-number"))
    }

    @Test func recordsTheServedModelVersion() async throws {
        let server = try FakeModelServer(.init(modelVersion: "gemini-2.5-flash-002"))
        defer { server.stop() }
        let response = try await provider(server).complete(ModelRequest(prompt: "1"))
        #expect(response.modelVersion == "gemini-2.5-flash-002")
    }

    @Test func flagsAnAnswerCutByTheTokenLimit() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let response = try await provider(server, model: "models/truncate").complete(ModelRequest(prompt: "one hundred"))
        #expect(response.text == "one hund")
        #expect(response.finishReason == "MAX_TOKENS")
        #expect(response.truncated)
        #expect(response.blockReason == nil)
    }

    @Test func reportsABlockedPrompt() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let response = try await provider(server, model: "models/blocked").complete(ModelRequest(prompt: "1"))
        #expect(response.text == "")
        #expect(response.blockReason == "prompt blocked: SAFETY")
        #expect(response.usage == TokenUsage(promptTokens: 1, completionTokens: 0))
    }

    @Test func skipsThoughtsAndReportsASafetyStop() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(
            .reply(status: 200, body: #"{"candidates": [{"content": {"parts": [{"text": "thinking", "thought": true}, {"text": "4"}, {"text": "2"}]}, "finishReason": "STOP"}]}"#),
            .reply(status: 200, body: #"{"candidates": [{"finishReason": "SAFETY"}]}"#),
            .reply(status: 200, body: #"{"candidates": [{"content": {"role": "model"}, "finishReason": "STOP"}]}"#))
        let thought = try await provider(server).complete(ModelRequest(prompt: "41"))
        #expect(thought == ModelResponse(text: "42", finishReason: "STOP"))
        let safety = try await provider(server).complete(ModelRequest(prompt: "41"))
        #expect(safety == ModelResponse(text: "", finishReason: "SAFETY", blockReason: "response blocked: SAFETY"))
        let empty = try await provider(server).complete(ModelRequest(prompt: "41"))
        #expect(empty == ModelResponse(text: "", finishReason: "STOP"))
    }

    @Test(arguments: [
        HTTPErrorCase(429, ["Retry-After": "7"], Support.geminiError(429, "RESOURCE_EXHAUSTED", "slow down"), .transient, 7.0, "Gemini HTTP 429 RESOURCE_EXHAUSTED: slow down"),
        HTTPErrorCase(429, [:], Support.geminiError(429, "RESOURCE_EXHAUSTED", "per minute", details: #"[{"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{"quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]}, {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "30s"}]"#), .transient, 30.0, "Gemini HTTP 429"),
        HTTPErrorCase(429, [:], Support.geminiError(429, "RESOURCE_EXHAUSTED", "per day", details: #"[{"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{"quotaId": "GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]}, {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "47s"}]"#), .permanent, nil, "Gemini daily quota exhausted (GenerateRequestsPerDayPerProjectPerModel-FreeTier)"),
        HTTPErrorCase(503, [:], Support.geminiError(503, "UNAVAILABLE", "The model is overloaded."), .transient, nil, "Gemini HTTP 503 UNAVAILABLE: The model is overloaded."),
        HTTPErrorCase(500, ["Retry-After": "1.5"], "<html>oops</html>", .transient, nil, "Gemini HTTP 500: <html>oops</html>"),
        HTTPErrorCase(504, [:], "", .transient, nil, "Gemini HTTP 504"),
        HTTPErrorCase(408, [:], "", .transient, nil, "Gemini HTTP 408"),
        HTTPErrorCase(400, [:], Support.geminiError(400, "INVALID_ARGUMENT", "bad topK"), .permanent, nil, "Gemini HTTP 400 INVALID_ARGUMENT: bad topK"),
        HTTPErrorCase(400, [:], Support.geminiError(400, "INVALID_ARGUMENT", "API key not valid.", details: #"[{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"}]"#), .fatal, nil, "Gemini rejected the API key (HTTP 400): check the key in GEMINI_API_KEY"),
        HTTPErrorCase(401, [:], Support.geminiError(401, "UNAUTHENTICATED", "no"), .fatal, nil, "Gemini rejected the API key (HTTP 401): check the key in GEMINI_API_KEY: no"),
        HTTPErrorCase(403, [:], Support.geminiError(403, "PERMISSION_DENIED", "not shared"), .fatal, nil, "Gemini denied access to models/next-number (HTTP 403): check that the key in GEMINI_API_KEY may use this model: not shared"),
        HTTPErrorCase(501, [:], "", .permanent, nil, "Gemini HTTP 501"),
    ])
    func classifiesHTTPErrors(_ example: HTTPErrorCase) async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(.reply(status: example.status, headers: example.headers, body: example.body))
        let error = try #require(await Support.error { () async throws(ProviderError) in try await provider(server).complete(ModelRequest(prompt: "1")) })
        #expect(error.kind == example.kind)
        #expect(error.retryAfter == example.retryAfter)
        #expect(error.httpStatus == example.status)
        #expect(error.message.hasPrefix(example.message))
    }

    @Test func readsARetryAfterDate() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        // An hour ahead, so that however long a loaded machine takes to get here, the delay is
        // clearly the date's (the parsing itself is tested with a fixed clock in RetryAfterTests).
        server.enqueue(.reply(status: 503, headers: ["Retry-After": formatter.string(from: Date().addingTimeInterval(3600))], body: ""))
        let error = try #require(await Support.error { () async throws(ProviderError) in try await provider(server).complete(ModelRequest(prompt: "1")) })
        #expect(error.kind == .transient)
        #expect((3000...3601).contains(error.retryAfter ?? 0))
    }

    @Test func saysAMissingModelDoesNotExistOrWasRetired() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let error = try #require(await Support.error { () async throws(ProviderError) in
            try await provider(server, model: "tunedModels/missing-1-5").complete(ModelRequest(prompt: "1"))
        })
        #expect(error.kind == .fatal)
        #expect(error.httpStatus == 404)
        #expect(error.message.hasPrefix("model tunedModels/missing-1-5 does not exist or was retired (tuned Gemini 1.5 models were) (HTTP 404)"))
    }

    @Test(arguments: [
        (FakeModelServer.Fault.malformedJSON, "Gemini sent malformed JSON"),
        (.reply(status: 200, body: #"{"candidates": "none"}"#), "Gemini sent a response of an unexpected shape (at candidates)"),
        (.reply(status: 200, body: #"{"candidates": []}"#), "Gemini sent no candidates and no block reason"),
        (.hugeBody(bytes: 17 << 20), "response too large: http://127.0.0.1:"),
    ])
    func rejectsUnusableAnswers(fault: FakeModelServer.Fault, message: String) async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(fault)
        let error = try #require(await Support.error { () async throws(ProviderError) in try await provider(server).complete(ModelRequest(prompt: "1")) })
        #expect(error.kind == .permanent)
        #expect(error.message.hasPrefix(message))
    }

    @Test func treatsConnectionFailuresAsTransient() async throws {
        let closed = ClosedPort()
        let port = closed.port
        let refused = GeminiProvider(model: "m", apiKey: "k", baseURL: Support.url("http://127.0.0.1:\(port)/v1beta"))
        let error = try #require(await Support.error { () async throws(ProviderError) in try await refused.complete(ModelRequest(prompt: "1")) })
        #expect(error.kind == .transient)
        #expect(error.message == "cannot connect to http://127.0.0.1:\(port) (connection refused)")

        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(.closeConnection)
        let dropped = try #require(await Support.error { () async throws(ProviderError) in try await provider(server).complete(ModelRequest(prompt: "1")) })
        #expect(dropped.kind == .transient)
    }

    @Test func cancellationEndsAnAttemptStuckOnASlowServer() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(.delay(milliseconds: 60_000))
        let provider = provider(server)
        let attempt = Task { () async throws(ProviderError) -> ModelResponse in try await provider.complete(ModelRequest(prompt: "1")) }
        while server.stats.inFlight == 0 { try await Task.sleep(for: .milliseconds(5)) }
        // The server answers after a minute: an attempt that waited for it would answer.
        attempt.cancel()
        let result = await attempt.result
        guard case .failure(let error) = result else {
            Issue.record("a cancelled attempt answered")
            return
        }
        #expect((error as? ProviderError)?.message.contains("cancelled") == true)
    }
}
