import Foundation
import Testing
@testable import FakeModelServer

/// The Vertex AI routes and the model metadata routes of fake-model.
@Suite struct VertexRouteTests {
    private let body = #"{"contents": [{"role": "user", "parts": [{"text": "ninety nine"}]}]}"#
    private let place = "/v1/projects/my-project/locations/us-central1"

    @Test func answersBothGenerateContentShapesWithGeminisResponseAndModelVersion() throws {
        let server = try FakeModelServer(.init(requiredToken: "ya29.t"))
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        let auth = ["Authorization": "Bearer ya29.t"]
        let tuned = try client.request("POST", "\(place)/endpoints/123:generateContent", headers: auth, body: body)
        #expect(tuned.status == 200)
        #expect(tuned.json?["modelVersion"] as? String == "gemini-2.5-flash-001")
        let parts = ((tuned.json?["candidates"] as? [[String: Any]])?.first?["content"] as? [String: Any])?["parts"] as? [[String: Any]]
        #expect(parts?.first?["text"] as? String == "one hundred")
        #expect(tuned.json?["responseId"] as? String != nil)

        let publisher = try client.request("POST", "\(place)/publishers/google/models/gemini-2.5-flash:generateContent", headers: auth, body: body)
        #expect(publisher.status == 200)
        #expect(publisher.json?["modelVersion"] as? String == "gemini-2.5-flash")
    }

    @Test(arguments: [[:], ["Authorization": "Bearer wrong"], ["x-goog-api-key": "ya29.t"]])
    func refusesRequestsWithoutTheBearerToken(headers: [String: String]) throws {
        let server = try FakeModelServer(.init(requiredToken: "ya29.t"))
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        let response = try client.request("POST", "\(place)/endpoints/123:generateContent", headers: headers, body: body)
        #expect(response.status == 401)
        #expect((response.json?["error"] as? [String: Any])?["status"] as? String == "UNAUTHENTICATED")
    }

    @Test func readsEndpointsWithTheirDeployedModels() throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        let ready = try client.request("GET", "\(place)/endpoints/123")
        #expect(ready.status == 200)
        #expect(ready.json?["name"] as? String == "projects/my-project/locations/us-central1/endpoints/123")
        #expect((ready.json?["deployedModels"] as? [[String: Any]])?.count == 1)
        for id in ["creating-1", "empty-1"] {
            let undeployed = try client.request("GET", "\(place)/endpoints/\(id)")
            #expect(undeployed.status == 200)
            #expect(undeployed.json?["deployedModels"] == nil)
            let refused = try client.request("POST", "\(place)/endpoints/\(id):generateContent", body: body)
            #expect(refused.status == 400)
        }
        #expect(try client.request("GET", "\(place)/endpoints/missing-1").status == 404)
        #expect(try client.request("POST", "\(place)/endpoints/missing-1:generateContent", body: body).status == 404)
    }

    @Test func readsGeminiAndOpenAIModels() throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        let model = try client.request("GET", "/v1beta/models/gemini-2.5-flash")
        #expect(model.status == 200)
        #expect(model.json?["name"] as? String == "models/gemini-2.5-flash")
        #expect(model.json?["id"] as? String == "gemini-2.5-flash")
        for (name, state) in [("next-number-abc", "ACTIVE"), ("creating-abc", "CREATING"), ("failed-abc", "FAILED")] {
            let tuned = try client.request("GET", "/v1beta/tunedModels/\(name)")
            #expect(tuned.json?["state"] as? String == state)
        }
        #expect(try client.request("GET", "/v1beta/tunedModels/missing-abc").status == 404)
        #expect(try client.request("GET", "/v1/models/missing").status == 404)
    }

    @Test func sendsTheConfiguredModelVersion() throws {
        let server = try FakeModelServer(.init(modelVersion: "v2"))
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        let gemini = try client.request("POST", "/v1beta/models/next-number:generateContent", body: body)
        #expect(gemini.json?["modelVersion"] as? String == "v2")
        let chat = try client.request("POST", "/v1/chat/completions", body: #"{"model": "next-number", "messages": [{"role": "user", "content": "1"}]}"#)
        #expect(chat.json?["system_fingerprint"] as? String == "v2")
        #expect(chat.json?["model"] as? String == "next-number")
    }
}
