#if os(Linux)
import FakeModelServer
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import EvalKit
@testable import EvalKitSuite
@testable import EvalKitProviders

/// `HTTPClient` over the plain transport: the errors providers see, worded as URLSession's are.
@Suite struct HTTPClientPlainHTTPTests {
    private func send(_ client: HTTPClient, _ url: String) async -> Result<HTTPClient.Response, ProviderError> {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.httpBody = Data(#"{"model": "next-number", "prompt": "9"}"#.utf8)
        do {
            return .success(try await client.send(request))
        } catch {
            return .failure(error)
        }
    }

    private func error(_ result: Result<HTTPClient.Response, ProviderError>) -> ProviderError? {
        if case .failure(let error) = result { return error }
        return nil
    }

    @Test func answersThroughThePlainTransport() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let response = try await send(HTTPClient(), server.baseURL + "/v1/completions").get()
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self).contains(#""text": "10""#))
        #expect(server.requests.first?.header("Connection") == "keep-alive")
    }

    @Test func aPreparedRequestGoesAsTheSameRequestWithEachBody() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let client = HTTPClient()
        var request = URLRequest(url: URL(string: server.baseURL + "/v1/completions?x=1")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer k", forHTTPHeaderField: "Authorization")
        let prepared = HTTPClient.Prepared(request)
        #expect(prepared.head != nil, "the socket transport carries it")
        let bodies = [#"{"model": "next-number", "prompt": "9"}"#, #"{"model": "next-number", "prompt": "41"}"#].map { Data($0.utf8) }
        for body in bodies {
            var whole = request
            whole.httpBody = body
            #expect(try await client.send(whole).status == 200)
            #expect(try await client.send(prepared, body: body).status == 200)
        }
        let recorded = server.requests
        #expect(recorded.count == 4)
        func sorted(_ request: FakeModelServer.RecordedRequest) -> FakeModelServer.RecordedRequest {
            var request = request
            request.headers.sort { $0.name < $1.name }
            return request
        }
        #expect(sorted(recorded[0]) == sorted(recorded[1]))
        #expect(sorted(recorded[2]) == sorted(recorded[3]))
        #expect(recorded[3].body == bodies[1])
        #expect(recorded[3].target == "/v1/completions?x=1")
        #expect(recorded[3].header("Authorization") == "Bearer k")
    }

    @Test func aRefusedConnectionIsTransient() async {
        let closed = ClosedPort()
        let failure = error(await send(HTTPClient(), closed.baseURL + "/v1/completions?key=secret"))
        #expect(failure == ProviderError(.transient, "cannot connect to \(closed.baseURL) (connection refused)"))
    }

    @Test func aBodyPastTheCapIsPermanent() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(.hugeBody(bytes: 2 << 20))
        let failure = error(await send(HTTPClient(maxResponseBytes: 1 << 20), server.baseURL + "/v1/completions"))
        #expect(failure == ProviderError(.permanent, "response too large: \(server.baseURL) sent more than 1 MiB"))
    }

    @Test func aResponseThatIsNotHTTPIsTransient() async throws {
        let server = try RawHTTPServer([.init("SSH-2.0-OpenSSH\r\n\r\n")])
        defer { server.stop() }
        let failure = error(await send(HTTPClient(), server.baseURL + "/x"))
        #expect(failure?.kind == .transient)
        #expect(failure?.message.hasSuffix("sent a response that is not valid HTTP") == true)
        #expect(failure?.message.hasPrefix(server.baseURL) == true)
    }

    @Test func cancellationIsTransient() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.enqueue(.delay(milliseconds: 60_000))
        let client = HTTPClient()
        let task = Task { await send(client, server.baseURL + "/v1/completions") }
        while server.stats.inFlight == 0 { try await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        #expect(error(await task.value) == ProviderError(.transient, "request to \(server.baseURL) cancelled"))
    }
}
#endif
