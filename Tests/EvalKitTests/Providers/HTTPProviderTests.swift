import FakeModelServer
import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitSuite
@testable import EvalKitProviders

@Suite struct HTTPProviderTests {
    private typealias Support = ProviderTestSupport

    private static let chatTemplate = #"{"model": "next-number", "messages": [{"role": "system", "content": "{{system}}"}, {"role": "user", "content": "{{prompt}}"}]}"#

    private func provider(_ server: FakeModelServer, path: String = "/v1/chat/completions", method: String = "POST", headers: [ProviderConfig.HTTP.Header] = [], body: String = chatTemplate, output: String = "/choices/0/message/content") throws -> HTTPProvider {
        HTTPProvider(url: Support.url(server.baseURL + path), method: method, headers: headers, body: body, output: try JSONPointer(output))
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("say \"hi\"", #"say \"hi\""#),
        ("a\\b", #"a\\b"#),
        ("line\nnext\ttab\r", #"line\nnext\ttab\r"#),
        ("\u{1B}[31m\u{08}\u{0C}\u{0}", #"\u001B[31m\b\f\u0000"#),
        ("é 日本 😀 </script>", "é 日本 😀 </script>"),
        ("\u{2028}", #"\u2028"#),
    ])
    func escapesTextForAJSONString(text: String, escaped: String) throws {
        #expect(HTTPProvider.jsonEscaped(text) == escaped)
        let parsed = try JSONSerialization.jsonObject(with: Data("\"\(escaped)\"".utf8), options: .fragmentsAllowed)
        #expect(parsed as? String == text)
    }

    @Test func rendersTheTemplateInOnePass() {
        let template = #"{"p": "{{prompt}}", "s": "{{system}}", "other": "{{name}}", "again": "{{prompt}}"}"#
        let rendered = HTTPProvider.render(template, prompt: "{{system}} \"q\"", system: nil)
        #expect(rendered == #"{"p": "{{system}} \"q\"", "s": "", "other": "{{name}}", "again": "{{system}} \"q\""}"#)
    }

    @Test(arguments: [
        ("", #"{"a":1}"#),
        ("/a", "1"),
        ("/b/0/c", #""x""#),
        ("/b/1", "true"),
        ("/a~1b", "2"),
        ("/m~0n", "3"),
        ("/", "4"),
        ("/b/01", nil),
        ("/b/-", nil),
        ("/b/7", nil),
        ("/nope", nil),
        ("/a/deeper", nil),
    ] as [(String, String?)])
    func resolvesJSONPointers(pointer: String, expected: String?) throws {
        let document = try JSONSerialization.jsonObject(with: Data(#"{"a": 1, "b": [{"c": "x"}, true], "a/b": 2, "m~n": 3, "": 4}"#.utf8))
        let value = try JSONPointer(pointer).resolve(in: pointer.isEmpty ? ["a": 1] : document)
        let text = value.flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.fragmentsAllowed, .sortedKeys]) }
        #expect(text.map { String(decoding: $0, as: UTF8.self) } == expected)
    }

    @Test(arguments: ["choices/0", "/a~2", "/a~"])
    func rejectsInvalidPointers(text: String) {
        #expect(throws: JSONPointer.SyntaxError.self) { try JSONPointer(text) }
    }

    @Test func postsTheRenderedBodyWithHeadersAndReadsTheOutput() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let headers = [ProviderConfig.HTTP.Header(name: "X-Team", value: "evals"), .init(name: "Authorization", value: "Token t")]
        let response = try await provider(server, headers: headers).complete(ModelRequest(prompt: "ninety nine", system: "Say \"next\"\n"))
        #expect(response == ModelResponse(text: "one hundred"))
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.header("X-Team") == "evals")
        #expect(request.header("Authorization") == "Token t")
        #expect(request.header("Content-Type") == "application/json")
        let messages = Support.json(request)["messages"] as? [[String: String]]
        #expect(messages == [["role": "system", "content": "Say \"next\"\n"], ["role": "user", "content": "ninety nine"]])
    }

    @Test func keepsAContentTypeThatIsSet() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(.reply(status: 200, body: #"{"text": "ok"}"#))
        let provider = try provider(server, headers: [.init(name: "content-type", value: "application/vnd.custom+json")], output: "/text")
        _ = try await provider.complete(ModelRequest(prompt: "1"))
        #expect(server.requests.first?.headers.filter { $0.name.lowercased() == "content-type" }.map(\.value) == ["application/vnd.custom+json"])
    }

    @Test func sendsNoBodyWhenTheTemplateIsEmpty() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let provider = try provider(server, path: "/v1/models", method: "get", body: "", output: "/data/0/id")
        #expect(try await provider.complete(ModelRequest(prompt: "1")).text == "next-number")
        #expect(server.requests.first?.method == "GET")
        #expect(server.requests.first?.body.isEmpty == true)
    }

    @Test(arguments: [
        (#"{"v": 42}"#, "42"),
        (#"{"v": -1.5}"#, "-1.5"),
        (#"{"v": true}"#, "true"),
        (#"{"v": {"b": [1, "x"], "a": null}}"#, #"{"a":null,"b":[1,"x"]}"#),
        (#"{"v": "a/b"}"#, "a/b"),
        (#"{"v": 1.0}"#, "1.0"),
        (#"{"v": -0}"#, "-0"),
        (#"{"v": 1E+2}"#, "1E+2"),
        (#"{"v": [1.50, {"z": 0.0, "y": "\u00e9"}]}"#, #"[1.50,{"y":"é","z":0.0}]"#),
    ])
    func givesNonStringOutputsAsJSONText(body: String, text: String) async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(.reply(status: 200, body: body))
        #expect(try await provider(server, output: "/v").complete(ModelRequest(prompt: "1")).text == text)
    }

    @Test(arguments: [
        (FakeModelServer.Fault.reply(status: 200, body: #"{"v": null}"#), "has null at output /v"),
        (.reply(status: 200, body: #"{"w": 1}"#), "has no value at output /v"),
        (.malformedJSON, "sent malformed JSON"),
        (.hugeBody(bytes: 17 << 20), "response too large"),
    ])
    func rejectsUnusableAnswers(fault: FakeModelServer.Fault, message: String) async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(fault)
        let provider = try provider(server, output: "/v")
        let error = try #require(await Support.error { () async throws(ProviderError) in try await provider.complete(ModelRequest(prompt: "1")) })
        #expect(error.kind == .permanent)
        #expect(error.message.contains(message))
    }

    @Test(arguments: [
        HTTPErrorCase(429, ["Retry-After": "4"], #"{"message": "busy"}"#, .transient, 4, "HTTP 429 from http://127.0.0.1:"),
        HTTPErrorCase(503, [:], "", .transient, nil, "HTTP 503"),
        HTTPErrorCase(400, [:], #"{"detail": "bad"}"#, .permanent, nil, "HTTP 400"),
        HTTPErrorCase(401, [:], "", .fatal, nil, "http://127.0.0.1:"),
        HTTPErrorCase(403, [:], "", .fatal, nil, "http://127.0.0.1"),
    ])
    func classifiesHTTPErrors(_ example: HTTPErrorCase) async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(.reply(status: example.status, headers: example.headers, body: example.body))
        let provider = try provider(server)
        let error = try #require(await Support.error { () async throws(ProviderError) in try await provider.complete(ModelRequest(prompt: "1")) })
        #expect(error.kind == example.kind)
        #expect(error.retryAfter == example.retryAfter)
        #expect(error.httpStatus == example.status)
        #expect(error.message.hasPrefix(example.message))
    }

    @Test func notFoundNamesTheURLWithoutItsQuery() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let provider = HTTPProvider(url: Support.url(server.baseURL + "/nowhere?token=abc"), body: "{}", output: try JSONPointer("/x"))
        let error = try #require(await Support.error { () async throws(ProviderError) in try await provider.complete(ModelRequest(prompt: "1")) })
        #expect(error.kind == .fatal)
        #expect(error.message.hasPrefix("\(server.baseURL)/nowhere was not found (HTTP 404): check the target's url"))
        #expect(!error.message.contains("abc"))
    }
}

/// A body that is not UTF-8 is named as such by every JSON provider, not called malformed or of an unexpected shape.
@Suite struct InvalidUTF8Tests {
    private typealias Support = ProviderTestSupport

    static func server() throws -> RawHTTPServer {
        let body: [UInt8] = Array(#"{"choices": [{"message": {"content": "caf"#.utf8) + [0xE9] + Array(#""}, "finish_reason": "stop"}], "candidates": [{"content": {"parts": [{"text": "caf"#.utf8) + [0xE9, 0xFF] + Array(#""}]}}], "v": "x"}"#.utf8)
        var reply = RawHTTPServer.Reply("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n")
        reply.bytes += body
        return try RawHTTPServer([reply])
    }

    @Test func httpProvider() async throws {
        let server = try Self.server()
        defer { server.stop() }
        let provider = HTTPProvider(url: Support.url(server.baseURL + "/x"), body: "{}", output: try JSONPointer("/v"))
        let error = try #require(await Support.error { () async throws(ProviderError) in try await provider.complete(ModelRequest(prompt: "1")) })
        #expect(error.message.hasPrefix("\(server.baseURL) sent a body that is not valid UTF-8 ("))
    }

    @Test func openAIProvider() async throws {
        let server = try Self.server()
        defer { server.stop() }
        let provider = OpenAIProvider(model: "m", baseURL: Support.url(server.baseURL + "/v1"))
        let error = try #require(await Support.error { () async throws(ProviderError) in try await provider.complete(ModelRequest(prompt: "1")) })
        #expect(error.message.hasPrefix("the OpenAI-compatible server at \(server.baseURL) sent a body that is not valid UTF-8 ("))
    }

    @Test func geminiProvider() async throws {
        let server = try Self.server()
        defer { server.stop() }
        let provider = GeminiProvider(model: "models/m", apiKey: "k", baseURL: Support.url(server.baseURL + "/v1beta"))
        let error = try #require(await Support.error { () async throws(ProviderError) in try await provider.complete(ModelRequest(prompt: "1")) })
        #expect(error.message.hasPrefix("Gemini sent a body that is not valid UTF-8 ("))
    }
}
