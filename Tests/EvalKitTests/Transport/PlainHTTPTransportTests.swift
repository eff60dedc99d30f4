#if os(Linux)
import FakeModelServer
import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import EvalKit
@testable import EvalKitResults
@testable import EvalKitTransport
@testable import EvalKitSupport
@testable import EvalKitSuite
@testable import EvalKitProviders

extension Result where Failure == PlainHTTPTransport.Failure {
    /// The failure, or nil for a response.
    var failure: PlainHTTPTransport.Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}

@Suite struct PlainHTTPTransportTests {
    private func transport(maxConnections: Int = 64, maxResponseBytes: Int = HTTPClient.defaultMaxResponseBytes) -> PlainHTTPTransport {
        PlainHTTPTransport(maxConnections: maxConnections, idleTimeout: 300, maxResponseBytes: maxResponseBytes)
    }

    private func chat(_ base: String, prompt: String = "41", path: String = "/v1/chat/completions") -> URLRequest {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"model": "next-number", "messages": [{"role": "user", "content": "\#(prompt)"}]}"#.utf8)
        return request
    }

    private func content(of response: HTTPClient.Response) -> String? {
        let json = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        let message = (json?["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any]
        return message?["content"] as? String
    }

    private func get(_ url: String) -> URLRequest {
        URLRequest(url: URL(string: url)!)
    }

    // MARK: Round trips

    @Test func aTaskPreferringItsExecutorIsResumedOnTheLoopThatReadTheAnswer() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let transport = transport()
        // Another client (a baseline's target) shares the loop, so its answers arrive there too.
        let other = self.transport()
        let request = chat(server.baseURL)
        let preferring = await withTaskExecutorPreference(transport.executor) {
            var seen: [Bool] = []
            for client in [transport, other, transport] {
                let response = try? await client.send(request).get()
                seen.append(response?.status == 200 && transport.isOnLoopThread)
            }
            return seen
        }
        #expect(preferring == [true, true, true])
        let response = try await transport.send(request).get()
        #expect(response.status == 200)
        #expect(transport.isOnLoopThread == false)
        #expect(server.requests.count == 4)
    }

    @Test func postsTheExactBodyAndHeaders() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        var request = chat(server.baseURL, path: "/v1/chat/completions?key=a%2Fb&x=1")
        request.setValue("Bearer sk-test", forHTTPHeaderField: "Authorization")
        request.addValue("one", forHTTPHeaderField: "X-Team")
        let response = try await transport().send(request).get()
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.header("content-length") == String(response.body.count))
        #expect(content(of: response) == "42")
        let seen = try #require(server.requests.first)
        #expect(seen.method == "POST")
        #expect(seen.target == "/v1/chat/completions?key=a%2Fb&x=1")
        #expect(seen.body == request.httpBody)
        #expect(seen.header("Host") == "127.0.0.1:\(server.port)")
        #expect(seen.header("Content-Length") == String(request.httpBody!.count))
        #expect(seen.header("Content-Type") == "application/json")
        #expect(seen.header("Authorization") == "Bearer sk-test")
        #expect(seen.header("X-Team") == "one")
        #expect(seen.header("Connection") == "keep-alive")
        #expect(seen.headers.filter { $0.name.lowercased() == "content-type" }.count == 1)
    }

    @Test func getsWithoutABody() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let response = try await transport().send(get(server.baseURL + "/v1/models")).get()
        #expect(response.status == 200)
        let json = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        #expect((json?["data"] as? [Any])?.isEmpty == false)
        let seen = try #require(server.requests.first)
        #expect(seen.method == "GET")
        #expect(seen.target == "/v1/models")
        #expect(seen.body.isEmpty)
        #expect(seen.header("Content-Length") == nil)
    }

    @Test func returnsAnyStatusWithItsHeadersAndBody() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(.reply(status: 503, headers: ["Retry-After": "7", "X-Why": "busy"], body: #"{"error": "later"}"#))
        let response = try await transport().send(chat(server.baseURL)).get()
        #expect(response.status == 503)
        #expect(response.header("retry-after") == "7")
        #expect(response.header("X-WHY") == "busy")
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"error": "later"}"#)
    }

    @Test func readsChunkedAndReadToCloseBodies() async throws {
        let server = try RawHTTPServer([
            .init("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Seen: a\r\nX-Seen: b\r\n\r\n6\r\nchunky\r\n7\r\n answer\r\n0\r\n\r\n"),
            .init("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nkept"),
            .init("HTTP/1.1 200 OK\r\n\r\nread to the close", close: true),
        ])
        defer { server.stop() }
        let transport = transport()
        let chunked = try await transport.send(get(server.baseURL + "/one")).get()
        #expect(String(decoding: chunked.body, as: UTF8.self) == "chunky answer")
        #expect(chunked.header("x-seen") == "a, b")
        let kept = try await transport.send(get(server.baseURL + "/two")).get()
        #expect(String(decoding: kept.body, as: UTF8.self) == "kept")
        let closed = try await transport.send(get(server.baseURL + "/three")).get()
        #expect(String(decoding: closed.body, as: UTF8.self) == "read to the close")
        #expect(server.connections == 1)
        #expect(server.heads.map { $0.split(separator: " ")[1] } == ["/one", "/two", "/three"])
    }

    @Test func sendsABodyLargerThanTheSocketBuffers() async throws {
        let server = try RawHTTPServer([.init("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")], readDelayMilliseconds: 200)
        defer { server.stop() }
        var request = get(server.baseURL + "/upload")
        request.httpMethod = "PUT"
        request.httpBody = Data(repeating: UInt8(ascii: "x"), count: 8 << 20)
        let response = try await transport().send(request).get()
        #expect(String(decoding: response.body, as: UTF8.self) == "ok")
        #expect(server.heads.first?.contains("Content-Length: \(8 << 20)") == true)
    }

    @Test func aHeadResponseHasNoBodyAndKeepsTheConnection() async throws {
        let server = try RawHTTPServer([
            .init("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"),
            .init("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nafter"),
        ])
        defer { server.stop() }
        let transport = transport()
        var head = get(server.baseURL + "/")
        head.httpMethod = "HEAD"
        let first = try await transport.send(head).get()
        #expect(first.body.isEmpty)
        #expect(first.header("content-length") == "5")
        let second = try await transport.send(get(server.baseURL + "/")).get()
        #expect(String(decoding: second.body, as: UTF8.self) == "after")
        #expect(server.connections == 1)
    }

    @Test func resolvesLocalhost() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let response = try await transport().send(chat("http://localhost:\(server.port)")).get()
        #expect(content(of: response) == "42")
        #expect(server.requests.first?.header("Host") == "localhost:\(server.port)")
    }

    // MARK: Connections

    @Test func reusesAtMostMaxConnections() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let transport = transport(maxConnections: 4)
        let answers = await withTaskGroup(of: String?.self) { group in
            for i in 0..<500 {
                group.addTask { try? self.content(of: await transport.send(self.chat(server.baseURL, prompt: "\(i)")).get()) }
            }
            var answers: [String?] = []
            for await answer in group { answers.append(answer) }
            return answers
        }
        #expect(Set(answers.compactMap { $0 }) == Set((1...500).map(String.init)))
        #expect(server.stats.requests == 500)
        #expect(server.stats.connections <= 4)
        #expect(await transport.connectionCount() <= 4)
    }

    /// The server holds every request for a minute, so no connection can be reused however slowly
    /// the requests are started; once all 64 are in flight at once they are cancelled.
    @Test(.timeLimit(.minutes(1)))
    func reaches64RequestsAtOnce() async throws {
        let server = try FakeModelServer(.init(latencyMilliseconds: 60_000))
        defer { server.stop() }
        let transport = transport(maxConnections: 64)
        let requests = Task {
            await withTaskGroup(of: Void.self) { group in
                for i in 0..<64 {
                    group.addTask { _ = await transport.send(self.chat(server.baseURL, prompt: "\(i)")) }
                }
            }
        }
        while server.stats.maxConcurrency < 64 { try await Task.sleep(for: .milliseconds(10)) }
        requests.cancel()
        await requests.value
        #expect(server.stats.maxConcurrency == 64)
        #expect(server.stats.connections == 64)
    }

    @Test func anIdleConnectionTheServerClosedIsReplacedUnnoticed() async throws {
        let server = try RawHTTPServer([
            .init("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none", close: true),
            .init("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo"),
        ])
        defer { server.stop() }
        let transport = transport(maxConnections: 1)
        let first = try await transport.send(get(server.baseURL + "/")).get()
        try await Task.sleep(for: .milliseconds(100))
        let second = try await transport.send(get(server.baseURL + "/")).get()
        #expect(String(decoding: first.body + second.body, as: UTF8.self) == "onetwo")
        #expect(server.connections == 2)
        #expect(server.heads.count == 2)
    }

    @Test func aKeptAliveConnectionResetBeforeAnsweringIsReplacedOnce() async throws {
        let server = try RawHTTPServer([
            .init("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none"),
            .reset,
            .init("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo"),
            .reset,
            .reset,
        ])
        defer { server.stop() }
        let transport = transport(maxConnections: 1)
        _ = try await transport.send(get(server.baseURL + "/")).get()
        let retried = try await transport.send(get(server.baseURL + "/")).get()
        #expect(String(decoding: retried.body, as: UTF8.self) == "two")
        #expect(server.heads.count == 3)
        #expect(server.connections == 2)
        #expect((await transport.send(get(server.baseURL + "/"))).failure == .connectionLost)
        #expect(server.heads.count == 5)
    }

    @Test func aRequestTheServerReadAndDroppedIsLostNotResent() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let transport = transport(maxConnections: 1)
        _ = try await transport.send(chat(server.baseURL)).get()
        server.enqueue(.closeConnection)
        #expect((await transport.send(chat(server.baseURL))).failure == .connectionLost)
        #expect(server.stats.requests == 2)
        let after = try await transport.send(chat(server.baseURL, prompt: "7")).get()
        #expect(content(of: after) == "8")
        #expect(server.stats.connections == 2)
    }

    @Test func aFreshConnectionClosedWithoutAnswerIsNotRetried() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(.closeConnection)
        let result = await transport().send(chat(server.baseURL))
        #expect(result.failure == .connectionLost)
        #expect(server.stats.requests == 1)
    }

    @Test func aConnectionClosedMidResponseIsLost() async throws {
        let server = try RawHTTPServer([
            .init("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nkept"),
            .init("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part", close: true),
        ])
        defer { server.stop() }
        let transport = transport()
        _ = try await transport.send(get(server.baseURL + "/")).get()
        let result = await transport.send(get(server.baseURL + "/"))
        #expect(result.failure == .connectionLost)
        #expect(server.heads.count == 2)
    }

    @Test func closesAConnectionTheServerAsksToClose() async throws {
        let server = try RawHTTPServer([
            .init("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 3\r\n\r\none"),
            .init("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo"),
        ])
        defer { server.stop() }
        let transport = transport()
        let first = try await transport.send(get(server.baseURL + "/")).get()
        let second = try await transport.send(get(server.baseURL + "/")).get()
        #expect(String(decoding: first.body + second.body, as: UTF8.self) == "onetwo")
        #expect(server.connections == 2)
    }

    @Test func aRefusedConnectionCannotConnect() async throws {
        let closed = ClosedPort()
        #expect((await transport().send(chat(closed.baseURL))).failure == .cannotConnect)
        #expect((await transport().send(chat("http://localhost:\(closed.port)"))).failure == .cannotConnect)
    }

    @Test func anUnknownHostCannotBeResolved() async {
        let result = await transport().send(get("http://no-such-host.invalid/"))
        #expect(result.failure == .cannotResolve)
    }

    // MARK: Cancellation

    @Test func cancellingEndsTheRequestPromptly() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(.delay(milliseconds: 60_000))
        let transport = transport()
        let task = Task { await transport.send(chat(server.baseURL)) }
        while server.stats.inFlight == 0 { try await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        // The server answers after a minute: a request that waited for it would succeed.
        #expect((await task.value).failure == .cancelled)
        #expect(await transport.connectionCount() == 0)
    }

    @Test func anAttemptsDeadlineSignalEndsItsRequestWithoutCancellingTheTask() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(.delay(milliseconds: 60_000))
        let transport = transport()
        let deadline = DeadlineSignal()
        let sending = Task {
            let result = await DeadlineSignal.$current.withValue(deadline) { await transport.send(chat(server.baseURL)) }
            return (result, Task.isCancelled)
        }
        while server.stats.inFlight == 0 { try await Task.sleep(for: .milliseconds(5)) }
        deadline.fire()
        // The server answers after a minute: a request that waited for it would succeed.
        let (result, cancelled) = await sending.value
        #expect(result.failure == .cancelled)
        #expect(cancelled == false)
        #expect(await transport.connectionCount() == 0)
        // A signal that fired before the request never lets it reach the server.
        let late = await DeadlineSignal.$current.withValue(deadline) { await transport.send(chat(server.baseURL)) }
        #expect(late.failure == .cancelled)
        #expect(server.stats.requests == 1)
    }

    @Test func cancellingARequestWaitingForAConnectionLeavesTheOthersAlone() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        // The server holds the first request, and with it the only connection, until the waiting
        // one has ended: on a slow machine a fixed delay could run out first and free the connection.
        let release = DispatchSemaphore(value: 0)
        let held = Mutex(false)
        server.setHook { _ in
            let first = held.withLock { held in
                defer { held = true }
                return !held
            }
            if first { _ = release.wait(timeout: .now() + 60) }
            return nil
        }
        let transport = transport(maxConnections: 1)
        let first = Task { await transport.send(chat(server.baseURL)) }
        while server.stats.inFlight == 0 { try await Task.sleep(for: .milliseconds(5)) }
        let waiting = Task { await transport.send(chat(server.baseURL, prompt: "1")) }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        #expect((await waiting.value).failure == .cancelled)
        release.signal()
        let answered = try await first.value.get()
        #expect(content(of: answered) == "42")
        #expect(server.stats.requests == 1)
    }

    @Test func aTaskCancelledBeforeSendingNeverReachesTheServer() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let transport = transport()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await transport.send(chat(server.baseURL))
        }
        #expect((await task.value).failure == .cancelled)
        #expect(server.stats.requests == 0)
    }

    // MARK: Bad responses

    @Test func aBodyPastTheCapIsTooLarge() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(.hugeBody(bytes: 2 << 20))
        let transport = transport(maxResponseBytes: 1 << 20)
        #expect((await transport.send(chat(server.baseURL))).failure == .tooLarge)
        let after = try await transport.send(chat(server.baseURL)).get()
        #expect(content(of: after) == "42")
    }

    @Test func aChunkedBodyPastTheCapIsTooLarge() async throws {
        let chunk = String(repeating: "x", count: 600)
        let server = try RawHTTPServer([.init("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n\(chunk)\r\n258\r\n\(chunk)\r\n0\r\n\r\n")])
        defer { server.stop() }
        #expect((await transport(maxResponseBytes: 1000).send(get(server.baseURL + "/"))).failure == .tooLarge)
    }

    @Test(arguments: ["garbage\r\n\r\n", "HTTP/1.1 abc\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: many\r\n\r\n"])
    func aResponseThatIsNotHTTPIsMalformed(reply: String) async throws {
        let server = try RawHTTPServer([.init(reply)])
        defer { server.stop() }
        #expect((await transport().send(get(server.baseURL + "/"))).failure == .malformed)
    }

    // MARK: Resources

    @Test func leaksNoDescriptors() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.setHook { request -> FakeModelServer.Fault? in
            let prompt = (request.jsonBody?["messages"] as? [[String: Any]])?.first?["content"] as? String
            return prompt.flatMap(Int.init).map { $0 % 50 == 7 } == true ? .closeConnection : nil
        }
        let before = Self.openDescriptors()
        do {
            let transport = transport(maxConnections: 8)
            let answered = await withTaskGroup(of: Bool.self) { group in
                var answered = 0
                for i in 0..<2000 {
                    if i >= 16, await group.next() == true { answered += 1 }
                    group.addTask { (try? await transport.send(self.chat(server.baseURL, prompt: "\(i)")).get()) != nil }
                }
                for await ok in group where ok { answered += 1 }
                return answered
            }
            #expect(answered >= 1960)
            #expect(server.stats.connections > 8)
            #expect(await transport.connectionCount() <= 8)
        }
        var after = Self.openDescriptors()
        // Other tests open descriptors meanwhile; a leak of one per request would show 2000.
        for _ in 0..<50 where after > before + 64 {
            try await Task.sleep(for: .milliseconds(100))
            after = Self.openDescriptors()
        }
        #expect(after <= before + 64)
    }

    private static func openDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
    }

    // MARK: The request's bytes

    @Test(arguments: [
        ("http://127.0.0.1:8080/v1/a%20b?key=a%2Fb", "127.0.0.1", 8080, "127.0.0.1:8080", "/v1/a%20b?key=a%2Fb"),
        ("http://[::1]:9000", "::1", 9000, "[::1]:9000", "/"),
        ("http://example.com/x", "example.com", 80, "example.com", "/x"),
        ("https://example.com/v1", "example.com", 443, "example.com", "/v1"),
        ("https://127.0.0.1:8443/", "127.0.0.1", 8443, "127.0.0.1:8443", "/"),
    ])
    func readsWhereAURLPoints(url: String, host: String, port: Int, hostHeader: String, requestTarget: String) throws {
        let target = try #require(PlainHTTPTransport.Target(URL(string: url)!))
        #expect(target.host == host)
        #expect(target.port == port)
        #expect(target.hostHeader == hostHeader)
        #expect(target.requestTarget == requestTarget)
        #expect(target.secure == url.hasPrefix("https:"))
        #expect(target.origin.hasPrefix(target.secure ? "https://" : "http://"), "http and https never share a connection")
        #expect(PlainHTTPTransport.Target(URL(string: "ftp://example.com/")!) == nil)
    }

    @Test func aHeadIsMadeOnlyForRequestsTheTransportCarries() throws {
        #expect(PlainHTTPTransport.RequestHead(URLRequest(url: URL(string: "http://h:81/p")!)) != nil)
        #expect(PlainHTTPTransport.RequestHead(URLRequest(url: URL(string: "ftp://h/p")!)) == nil)
        var streamed = URLRequest(url: URL(string: "http://h:81/p")!)
        streamed.httpBodyStream = InputStream(data: Data("x".utf8))
        #expect(PlainHTTPTransport.RequestHead(streamed) == nil)
    }

    @Test func writesTheRequestHeadItself() throws {
        let target = try #require(PlainHTTPTransport.Target(URL(string: "http://h:81/p")!))
        let headers = ["Content-Length": "99", "Connection": "close", "X-Bad": "a\r\nInjected: yes"]
        let head = PlainHTTPTransport.RequestHead(method: "POST", target: target, headers: headers)
        let text = String(decoding: head.message(body: Data("hi".utf8)), as: UTF8.self)
        #expect(text == "POST /p HTTP/1.1\r\nHost: h:81\r\nX-Bad: a Injected: yes\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nhi")
        let other = PlainHTTPTransport.RequestHead(method: "POST", target: target, headers: ["Host": "other"])
        let empty = String(decoding: other.message(body: nil), as: UTF8.self)
        #expect(empty == "POST /p HTTP/1.1\r\nHost: other\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n")
        #expect(String(decoding: other.message(body: Data("abc".utf8)), as: UTF8.self) == "POST /p HTTP/1.1\r\nHost: other\r\nContent-Length: 3\r\nConnection: keep-alive\r\n\r\nabc", "one head, many bodies")
        let get = PlainHTTPTransport.RequestHead(method: "GET", target: target, headers: [:])
        #expect(String(decoding: get.message(body: nil), as: UTF8.self) == "GET /p HTTP/1.1\r\nHost: h:81\r\nConnection: keep-alive\r\n\r\n")
    }
}
#endif
