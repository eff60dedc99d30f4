import FakeModelServer
import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitResults
@testable import EvalKitSuite
@testable import EvalKitProviders

@Suite struct OpenAIProviderTests {
    private typealias Support = ProviderTestSupport

    private func provider(_ server: FakeModelServer, model: String = "next-number", api: ProviderConfig.OpenAI.API = .chat, key: String? = nil) -> OpenAIProvider {
        OpenAIProvider(model: model, baseURL: Support.url(server.baseURL + "/v1"), api: api, apiKey: key, keyVariable: key == nil ? nil : "OPENAI_API_KEY")
    }

    @Test func sendsAChatRequestWithSettingsAndTheKey() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let settings = GenerationSettings(temperature: 0, topP: 0.95, topK: 20, maxTokens: 16, stop: ["\n"], seed: 3)
        let response = try await provider(server, key: "sk-test").complete(ModelRequest(prompt: "twenty-two", system: "Next number only.", settings: settings))
        #expect(response.text == "twenty-three")

        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.target == "/v1/chat/completions")
        #expect(request.header("Authorization") == "Bearer sk-test")
        #expect(request.header("Content-Type") == "application/json")
        let body = Support.json(request)
        #expect(body["model"] as? String == "next-number")
        let messages = body["messages"] as? [[String: String]]
        #expect(messages == [["role": "system", "content": "Next number only."], ["role": "user", "content": "twenty-two"]])
        #expect(body["temperature"] as? Double == 0)
        #expect(body["top_p"] as? Double == 0.95)
        #expect(body["top_k"] as? Int == 20)
        #expect(body["max_tokens"] as? Int == 16)
        #expect(body["stop"] as? [String] == ["\n"])
        #expect(body["seed"] as? Int == 3)
        #expect(body.count == 8)
    }

    @Test func sendsNoKeyAndNoUnsetSettings() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        _ = try await provider(server).complete(ModelRequest(prompt: "1"))
        let request = try #require(server.requests.first)
        #expect(request.header("Authorization") == nil)
        let body = Support.json(request)
        #expect(Set(body.keys) == ["model", "messages"])
        #expect(body["messages"] as? [[String: String]] == [["role": "user", "content": "1"]])
    }

    @Test func completionsPrependTheSystemWithABlankLine() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let completions = provider(server, api: .completions)
        #expect(completions.endpoint.absoluteString == server.baseURL + "/v1/completions")
        let answer = try await completions.complete(ModelRequest(prompt: "9,999", system: "Count.", settings: GenerationSettings(maxTokens: 8)))
        #expect(answer == ModelResponse(text: "10,000", finishReason: "stop", usage: TokenUsage(promptTokens: 2, completionTokens: 1), modelVersion: "next-number"))
        _ = try await completions.complete(ModelRequest(prompt: "1"))
        let bodies = server.requests.map { Support.json($0) }
        #expect(server.requests.map(\.target) == ["/v1/completions", "/v1/completions"])
        #expect(bodies[0]["prompt"] as? String == "Count.\n\n9,999")
        #expect(bodies[0]["max_tokens"] as? Int == 8)
        #expect(bodies[0]["messages"] == nil)
        #expect(bodies[1]["prompt"] as? String == "1")
    }

    @Test func recordsTheServedModelWithItsFingerprint() async throws {
        let server = try FakeModelServer(.init(modelVersion: "fp_44709d6fcb"))
        defer { server.stop() }
        let answer = try await provider(server).complete(ModelRequest(prompt: "1"))
        #expect(answer.modelVersion == "next-number (fp_44709d6fcb)")
    }

    @Test func readsFinishReasonUsageAndTruncation() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let answer = try await provider(server).complete(ModelRequest(prompt: "XLIX"))
        #expect(answer == ModelResponse(text: "L", finishReason: "stop", usage: TokenUsage(promptTokens: 1, completionTokens: 1), modelVersion: "next-number"))
        let cut = try await provider(server, model: "truncate").complete(ModelRequest(prompt: "one hundred"))
        #expect(cut.truncated)
        #expect(cut.finishReason == "length")
        #expect(cut.text == "one hund")
    }

    @Test func reportsRefusalsAndContentFilters() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let refusal = try await provider(server, model: "blocked").complete(ModelRequest(prompt: "1"))
        #expect(refusal.text == "")
        #expect(refusal.blockReason == "refused: I'm sorry, but I can't help with that.")
        let filtered = try await provider(server, model: "blocked", api: .completions).complete(ModelRequest(prompt: "1"))
        #expect(filtered.blockReason == "response blocked: content_filter")
        #expect(filtered.finishReason == "content_filter")
    }

    @Test(arguments: [
        (ProviderConfig.OpenAI.API.chat,
         #"{"choices": [{"message": {"role": "assistant", "content": null}, "finish_reason": "stop"}]}"#,
         "sent no answer text (message.content is null or missing, finish_reason stop)"),
        (.chat, #"{"choices": [{"message": {"role": "assistant"}, "finish_reason": "length"}]}"#,
         "sent no answer text (message.content is null or missing, finish_reason length)"),
        (.chat, #"{"choices": [{"finish_reason": "stop"}]}"#, "sent a choice without a message"),
        (.chat, #"{"choices": [{"text": "2", "finish_reason": "stop"}]}"#,
         "sent a choice without a message: it holds `text`, as the completions API answers; set `api: completions` on the target"),
        (.completions, #"{"choices": [{"finish_reason": "stop"}]}"#, "sent no answer text (choices[0].text is missing, finish_reason stop)"),
        (.completions, #"{"choices": [{"message": {"role": "assistant", "content": "2"}, "finish_reason": "stop"}]}"#,
         "sent no answer text (choices[0].text is missing, finish_reason stop): it holds a chat `message`; set `api: chat` on the target"),
    ] as [(ProviderConfig.OpenAI.API, String, String)])
    func anAnswerWithoutTextIsAnErrorSayingWhatCame(api: ProviderConfig.OpenAI.API, body: String, message: String) async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(.reply(status: 200, body: body))
        let error = try #require(await Support.error { () async throws(ProviderError) in try await provider(server, api: api).complete(ModelRequest(prompt: "1")) })
        #expect(error.kind == .permanent)
        #expect(error.message.hasPrefix("the OpenAI-compatible server at \(server.baseURL) "))
        #expect(error.message.hasSuffix(message))
    }

    @Test func anEmptyStringIsAnAnswer() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(.reply(status: 200, body: #"{"choices": [{"message": {"role": "assistant", "content": ""}, "finish_reason": "stop"}]}"#))
        #expect(try await provider(server).complete(ModelRequest(prompt: "1")) == ModelResponse(text: "", finishReason: "stop"))
    }

    @Test func joinsContentParts() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(.reply(status: 200, body: #"{"choices": [{"message": {"role": "assistant", "content": [{"type": "text", "text": "4"}, {"type": "text", "text": "2"}]}, "finish_reason": "stop"}]}"#))
        #expect(try await provider(server).complete(ModelRequest(prompt: "41")) == ModelResponse(text: "42", finishReason: "stop"))
    }

    @Test(arguments: [
        HTTPErrorCase(429, ["Retry-After": "2"], #"{"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}}"#, .transient, 2, "HTTP 429 from the OpenAI-compatible server at http://127.0.0.1:"),
        HTTPErrorCase(429, [:], #"{"error": {"message": "You exceeded your current quota", "type": "insufficient_quota", "code": "insufficient_quota"}}"#, .permanent, nil, "quota exhausted (insufficient_quota): check the plan and billing of the key (HTTP 429): You exceeded your current quota"),
        HTTPErrorCase(500, [:], #"{"error": "llama.cpp crashed"}"#, .transient, nil, "HTTP 500 from the OpenAI-compatible server"),
        HTTPErrorCase(502, [:], "Bad Gateway", .transient, nil, "HTTP 502"),
        HTTPErrorCase(400, [:], #"{"object": "error", "message": "max_tokens too large", "type": "BadRequestError", "code": 400}"#, .permanent, nil, "HTTP 400"),
        HTTPErrorCase(401, [:], #"{"error": {"message": "Incorrect API key provided", "type": "invalid_request_error", "code": "invalid_api_key"}}"#, .fatal, nil, "the OpenAI-compatible server at http://127.0.0.1:"),
        HTTPErrorCase(403, [:], #"{"error": {"message": "forbidden"}}"#, .fatal, nil, "the OpenAI-compatible server at http://127.0.0.1"),
        HTTPErrorCase(422, [:], #"{"detail": "unprocessable"}"#, .permanent, nil, "HTTP 422"),
    ])
    func classifiesHTTPErrors(_ example: HTTPErrorCase) async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(.reply(status: example.status, headers: example.headers, body: example.body))
        let error = try #require(await Support.error { () async throws(ProviderError) in try await provider(server, key: "sk-x").complete(ModelRequest(prompt: "1")) })
        #expect(error.kind == example.kind)
        #expect(error.retryAfter == example.retryAfter)
        #expect(error.httpStatus == example.status)
        #expect(error.message.hasPrefix(example.message))
    }

    @Test func namesTheKeyVariableOnAuthenticationFailure() async throws {
        let server = try FakeModelServer(.init(requiredKey: "right"))
        defer { server.stop() }
        let withKey = try #require(await Support.error { () async throws(ProviderError) in try await provider(server, key: "wrong").complete(ModelRequest(prompt: "1")) })
        #expect(withKey.kind == .fatal)
        #expect(withKey.message.contains("rejected the key (HTTP 401): check the key in OPENAI_API_KEY: Incorrect API key provided."))
        let withoutKey = try #require(await Support.error { () async throws(ProviderError) in try await provider(server).complete(ModelRequest(prompt: "1")) })
        #expect(withoutKey.message.contains("no api_key_env is set, so no key was sent"))
    }

    @Test func saysWhichModelWasNotFound() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let error = try #require(await Support.error { () async throws(ProviderError) in try await provider(server, model: "missing-lora").complete(ModelRequest(prompt: "1")) })
        #expect(error.kind == .fatal)
        #expect(error.message == "model missing-lora was not found at \(server.baseURL)/v1/chat/completions (HTTP 404): check the target's model and base_url: The model `missing-lora` does not exist or you do not have access to it.")
    }

    @Test(arguments: [
        (FakeModelServer.Fault.malformedJSON, "the OpenAI-compatible server at http://127.0.0.1:"),
        (.reply(status: 200, body: #"{"choices": []}"#), "the OpenAI-compatible server at http://127.0.0.1:"),
        (.hugeBody(bytes: 17 << 20), "response too large"),
    ])
    func rejectsUnusableAnswers(fault: FakeModelServer.Fault, message: String) async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(fault)
        let error = try #require(await Support.error { () async throws(ProviderError) in try await provider(server).complete(ModelRequest(prompt: "1")) })
        #expect(error.kind == .permanent)
        #expect(error.message.hasPrefix(message))
    }

    @Test func keepsConnectionsAliveAndRunsSixteenRequestsAtOnce() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        // A client that sent fewer than sixteen at once would see its requests held a minute, then fail.
        server.gatherRequests(16)
        let provider = OpenAIProvider(model: "next-number", baseURL: Support.url(server.baseURL + "/v1"), maxConnections: 16)
        for round in 0..<2 {
            let answers = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<16 {
                    group.addTask { try await provider.complete(ModelRequest(prompt: "\(round * 100 + index)")).text }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(answers == Set((0..<16).map { "\(round * 100 + $0 + 1)" }))
        }
        #expect(server.stats.maxConcurrency >= 16)
        #expect(server.stats.requests == 32)
        #expect(server.stats.connections < 32)
    }

    @Test func aReusedConnectionClosedByTheServerIsATransientErrorNotAHang() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let provider = provider(server)
        #expect(try await provider.complete(ModelRequest(prompt: "1")).text == "2")
        server.enqueue(.closeConnection)
        let error = try #require(await Support.error { () async throws(ProviderError) in try await provider.complete(ModelRequest(prompt: "41")) })
        #expect(error.kind == .transient)
        #expect(error.message.hasPrefix("connection to \(server.baseURL) was closed") || error.message.hasPrefix("\(server.baseURL) closed the connection"))
        #expect(try await provider.complete(ModelRequest(prompt: "41")).text == "42")
        #expect(server.requests.allSatisfy { $0.header("Content-Length") == String($0.body.count) && $0.header("Transfer-Encoding") == nil })
    }

    @Test func connectionRefusedIsTransient() async throws {
        let closed = ClosedPort()
        let port = closed.port
        let provider = OpenAIProvider(model: "m", baseURL: Support.url("http://127.0.0.1:\(port)/v1"))
        let error = try #require(await Support.error { () async throws(ProviderError) in try await provider.complete(ModelRequest(prompt: "1")) })
        #expect(error.kind == .transient)
        #expect(error.httpStatus == nil)
    }
}
