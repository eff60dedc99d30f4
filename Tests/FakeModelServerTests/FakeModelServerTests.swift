import Foundation
import Testing
@testable import FakeModelServer

@Suite struct FakeModelServerTests {
    private let geminiBody = #"{"contents": [{"role": "user", "parts": [{"text": "ninety nine"}]}]}"#

    @Test func answersGeminiUnderAnyPrefixAndKeepsTheConnectionAlive() throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        for path in ["/v1beta/models/next-number:generateContent", "/v1beta/tunedModels/next-number-abc:generateContent", "/models/x:generateContent"] {
            let response = try client.request("POST", path, body: geminiBody)
            #expect(response.status == 200)
            #expect(response.headers["connection"] == "keep-alive")
            let candidate = (response.json?["candidates"] as? [[String: Any]])?.first
            let parts = (candidate?["content"] as? [String: Any])?["parts"] as? [[String: Any]]
            #expect(parts?.first?["text"] as? String == "one hundred")
            #expect(candidate?["finishReason"] as? String == "STOP")
        }
        #expect(server.stats.connections == 1)
        #expect(server.stats.requests == 3)
        #expect(server.requests.map(\.path) == ["/v1beta/models/next-number:generateContent", "/v1beta/tunedModels/next-number-abc:generateContent", "/models/x:generateContent"])
    }

    @Test func answersOpenAIChatCompletionsAndModels() throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        let chat = try client.request("POST", "/v1/chat/completions", body: #"{"model": "base", "messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "XLIX"}]}"#)
        let message = ((chat.json?["choices"] as? [[String: Any]])?.first?["message"]) as? [String: Any]
        #expect(message?["content"] as? String == "50")
        let completion = try client.request("POST", "/v1/completions", body: #"{"model": "next-number", "prompt": "sys\n\n9,999", "stop": ["000"]}"#)
        let choice = (completion.json?["choices"] as? [[String: Any]])?.first
        #expect(choice?["text"] as? String == "10,")
        #expect(choice?["finish_reason"] as? String == "stop")
        let usage = completion.json?["usage"] as? [String: Any]
        #expect(usage?["prompt_tokens"] as? Int == 2)
        let models = try client.request("GET", "/v1/models")
        #expect((models.json?["data"] as? [[String: Any]])?.isEmpty == false)
    }

    @Test func blocksTruncatesEchoesAndMisses() throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        let blocked = try client.request("POST", "/v1beta/models/blocked:generateContent", body: geminiBody)
        #expect((blocked.json?["promptFeedback"] as? [String: Any])?["blockReason"] as? String == "SAFETY")
        #expect(blocked.json?["candidates"] == nil)
        let refusal = try client.request("POST", "/v1/chat/completions", body: #"{"model": "blocked", "messages": [{"role": "user", "content": "1"}]}"#)
        let message = ((refusal.json?["choices"] as? [[String: Any]])?.first?["message"]) as? [String: Any]
        #expect(message?["refusal"] is String)
        let truncated = try client.request("POST", "/v1/completions", body: #"{"model": "truncate", "prompt": "one hundred"}"#)
        let choice = (truncated.json?["choices"] as? [[String: Any]])?.first
        #expect(choice?["finish_reason"] as? String == "length")
        #expect(choice?["text"] as? String == "one hund")
        let echo = try client.request("POST", "/v1/completions", body: #"{"model": "echo", "prompt": "say \"hi\"\n"}"#)
        #expect((echo.json?["choices"] as? [[String: Any]])?.first?["text"] as? String == "say \"hi\"\n")
        let missing = try client.request("POST", "/v1beta/models/missing-model:generateContent", body: geminiBody)
        #expect(missing.status == 404)
        #expect((missing.json?["error"] as? [String: Any])?["status"] as? String == "NOT_FOUND")
        let unknown = try client.request("POST", "/nothing/here", body: "{}")
        #expect(unknown.status == 404)
    }

    @Test func requiresTheKeyWhenConfigured() throws {
        let server = try FakeModelServer(.init(requiredKey: "k-123"))
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        #expect(try client.request("POST", "/v1beta/models/m:generateContent", body: geminiBody).status == 401)
        #expect(try client.request("POST", "/v1beta/models/m:generateContent?key=k-123", body: geminiBody).status == 401)
        #expect(try client.request("POST", "/v1beta/models/m:generateContent", headers: ["x-goog-api-key": "k-123"], body: geminiBody).status == 200)
        let chat = #"{"model": "m", "messages": [{"role": "user", "content": "1"}]}"#
        #expect(try client.request("POST", "/v1/chat/completions", headers: ["Authorization": "Bearer wrong"], body: chat).status == 401)
        #expect(try client.request("POST", "/v1/chat/completions", headers: ["Authorization": "Bearer k-123"], body: chat).status == 200)
    }

    @Test func readsChunkedBodies() throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        let body = #"{"model": "echo", "prompt": "chunked body"}"#
        let split = body.index(body.startIndex, offsetBy: 10)
        let first = String(body[..<split]), second = String(body[split...])
        try client.write("POST /v1/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        try client.write(String(first.utf8.count, radix: 16) + ";ext=1\r\n" + first + "\r\n")
        try client.write(String(second.utf8.count, radix: 16) + "\r\n" + second + "\r\n0\r\nTrailer: x\r\n\r\n")
        let response = try client.readResponse()
        #expect((response.json?["choices"] as? [[String: Any]])?.first?["text"] as? String == "chunked body")
        #expect(server.requests.first?.body == Data(body.utf8))
    }

    @Test func answersExpectContinueBeforeTheBody() throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        let body = #"{"model": "echo", "prompt": "after continue"}"#
        try client.write("POST /v1/completions HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
        let interim = try client.readResponse()
        #expect(interim.status == 100)
        try client.write(body)
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect((response.json?["choices"] as? [[String: Any]])?.first?["text"] as? String == "after continue")
    }

    @Test func rejectsBodiesOverTheLimit() throws {
        let server = try FakeModelServer(.init(maxBodyBytes: 100))
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        let response = try client.request("POST", "/v1/completions", body: String(repeating: "x", count: 200))
        #expect(response.status == 413)
        #expect(response.headers["connection"] == "close")
    }

    @Test func playsQueuedFaultsInOrderThenAnswersNormally() throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(
            .reply(status: 429, headers: ["Retry-After": "3"], body: #"{"error": {"code": 429}}"#),
            .malformedJSON, .hugeBody(bytes: 100_000), .delay(milliseconds: 10), .closeConnection)
        let client = try RawHTTPClient(port: server.port)
        let limited = try client.request("POST", "/v1beta/models/m:generateContent", body: geminiBody)
        #expect(limited.status == 429)
        #expect(limited.headers["retry-after"] == "3")
        let malformed = try client.request("POST", "/v1beta/models/m:generateContent", body: geminiBody)
        #expect(malformed.status == 200)
        #expect(malformed.json == nil)
        let huge = try client.request("POST", "/v1beta/models/m:generateContent", body: geminiBody)
        #expect(huge.body.count == 100_000)
        #expect(huge.json != nil)
        let delayed = try client.request("POST", "/v1beta/models/m:generateContent", body: geminiBody)
        #expect(delayed.status == 200)
        try client.write("POST /v1/completions HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}")
        #expect(try client.readsEndOfStream())
        let fresh = try RawHTTPClient(port: server.port)
        #expect(try fresh.request("POST", "/v1beta/models/m:generateContent", body: geminiBody).status == 200)
    }

    @Test func hookDecidesBeforeTheQueue() throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(.reply(status: 503, body: "{}"))
        server.setHook { request in
            request.path.contains("special") ? .reply(status: 418, body: "{}") : nil
        }
        let client = try RawHTTPClient(port: server.port)
        #expect(try client.request("POST", "/special/models/m:generateContent", body: geminiBody).status == 418)
        #expect(try client.request("POST", "/v1beta/models/m:generateContent", body: geminiBody).status == 503)
        #expect(try client.request("POST", "/v1beta/models/m:generateContent", body: geminiBody).status == 200)
    }

    @Test func errorRateIsReproducibleWithTheSeed() throws {
        func statuses(seed: UInt64) throws -> [Int] {
            let server = try FakeModelServer(.init(errorRate: 0.5, seed: seed))
            defer { server.stop() }
            let client = try RawHTTPClient(port: server.port)
            return try (0..<40).map { _ in try client.request("POST", "/v1beta/models/m:generateContent", body: geminiBody).status }
        }
        let first = try statuses(seed: 7)
        #expect(try statuses(seed: 7) == first)
        #expect(Set(first) == [200, 429, 503])
    }

    @Test func servesAndResetsStats() throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        _ = try client.request("POST", "/v1beta/models/m:generateContent", body: geminiBody)
        let stats = try client.request("GET", "/_stats")
        let decoded = try JSONDecoder().decode(FakeModelServer.Stats.self, from: stats.body)
        let first = try #require(decoded.firstRequestAt)
        let last = try #require(decoded.lastAnswerAt)
        #expect(first <= last)
        #expect(decoded == FakeModelServer.Stats(requests: 1, maxConcurrency: 1, inFlight: 0, connections: 1, firstRequestAt: first, lastAnswerAt: last))
        _ = try client.request("DELETE", "/_stats")
        #expect(server.stats.requests == 0)
        #expect(server.requests.isEmpty)
    }

    @Test func countsConcurrentRequests() throws {
        let server = try FakeModelServer(.init(latencyMilliseconds: 300))
        defer { server.stop() }
        server.gatherRequests(12)
        let group = DispatchGroup()
        let statuses = Statuses()
        for _ in 0..<12 {
            group.enter()
            Thread {
                defer { group.leave() }
                let status = (try? RawHTTPClient(port: server.port).request("POST", "/v1beta/models/m:generateContent", body: geminiBody).status) ?? 0
                statuses.append(status)
            }.start()
        }
        group.wait()
        #expect(statuses.values == Array(repeating: 200, count: 12))
        #expect(server.stats.maxConcurrency == 12)
        #expect(server.stats.inFlight == 0)
    }

    @Test func keepsOnlyTheLatestRequests() throws {
        let server = try FakeModelServer(.init(maxRecordedRequests: 3))
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        for index in 1...5 {
            _ = try client.request("POST", "/v1/completions", body: #"{"model": "m", "prompt": "\#(index)"}"#)
        }
        #expect(server.requests.map { $0.jsonBody?["prompt"] as? String } == ["3", "4", "5"])
    }

    @Test func stopClosesTheListenerAndEndsSlowRequests() throws {
        let server = try FakeModelServer()
        server.enqueue(.delay(milliseconds: 60_000))
        let client = try RawHTTPClient(port: server.port)
        try client.write("POST /v1/completions HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}")
        while server.stats.inFlight == 0 { usleep(1000) }
        server.stop()
        server.stop()
        #expect(try client.readsEndOfStream())
        #expect(throws: RawHTTPClient.Failure.self) { try RawHTTPClient(port: server.port) }
    }

    @Test func loadsScriptsFromJSONAndJSONLines() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fake-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let object = folder.appendingPathComponent("script.json")
        try Data(#"{"1": "two", "x": "y"}"#.utf8).write(to: object)
        #expect(try FakeModelServer.Configuration.loadScript(contentsOf: object) == ["1": "two", "x": "y"])
        let lines = folder.appendingPathComponent("script.jsonl")
        try Data("{\"prompt\": \"a\", \"answer\": \"b\"}\n\n{\"prompt\": \"c\", \"output\": \"d\"}\n".utf8).write(to: lines)
        let script = try FakeModelServer.Configuration.loadScript(contentsOf: lines)
        #expect(script == ["a": "b", "c": "d"])
        let bad = folder.appendingPathComponent("bad.jsonl")
        try Data("{\"prompt\": \"a\"}\n".utf8).write(to: bad)
        #expect(throws: FakeModelServer.Configuration.ScriptError.self) { try FakeModelServer.Configuration.loadScript(contentsOf: bad) }

        let server = try FakeModelServer(.init(script: script))
        defer { server.stop() }
        let response = try RawHTTPClient(port: server.port).request("POST", "/v1/completions", body: #"{"model": "scripted", "prompt": "c"}"#)
        #expect((response.json?["choices"] as? [[String: Any]])?.first?["text"] as? String == "d")
    }
}

/// Status codes collected from several threads.
final class Statuses: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Int] = []

    func append(_ status: Int) {
        lock.withLock { list.append(status) }
    }

    var values: [Int] {
        lock.withLock { list }
    }
}
