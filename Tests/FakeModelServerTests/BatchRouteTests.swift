import Foundation
import Testing
@testable import FakeModelServer

/// fake-model's batch APIs on the wire (SPEC §13): job states advancing by polls, OpenAI output
/// out of order with errors in their own file, Gemini's inline answers in order, cancel, keys.
@Suite struct BatchRouteTests {
    @Test func openAIJobsAdvanceByPollsAndAnswerOutOfOrder() throws {
        let server = try FakeModelServer(.init(requiredKey: "k", batchPolls: 1))
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        let auth = ["Authorization": "Bearer k"]
        let lines = (1...4).map { #"{"custom_id": "c\#($0)", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "next-number-batch-errors", "messages": [{"role": "user", "content": "\#($0)"}]}}"# }
        let form = "--b\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\n\r\n\(lines.joined(separator: "\n"))\n\r\n--b--\r\n"
        let file = try client.request("POST", "/v1/files", headers: auth.merging(["Content-Type": "multipart/form-data; boundary=b"]) { $1 }, body: form)
        #expect(file.status == 200)
        let fileID = try #require(file.json?["id"] as? String)
        #expect(try client.request("POST", "/v1/batches", headers: [:], body: #"{"input_file_id": "\#(fileID)", "endpoint": "/v1/chat/completions", "completion_window": "24h"}"#).status == 401)
        let created = try client.request("POST", "/v1/batches", headers: auth, body: #"{"input_file_id": "\#(fileID)", "endpoint": "/v1/chat/completions", "completion_window": "24h"}"#)
        #expect(created.json?["status"] as? String == "validating")
        let id = try #require(created.json?["id"] as? String)
        #expect(server.batchJobsSubmitted == 1)

        #expect(try client.request("GET", "/v1/batches/\(id)", headers: auth).json?["status"] as? String == "in_progress")
        let done = try client.request("GET", "/v1/batches/\(id)", headers: auth).json ?? [:]
        #expect(done["status"] as? String == "completed")
        #expect(done["request_counts"] as? [String: Int] == ["total": 4, "completed": 3, "failed": 1])
        let output = try client.request("GET", "/v1/files/\(try #require(done["output_file_id"] as? String))/content", headers: auth)
        let answered = String(decoding: output.body, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(answered.compactMap { $0["custom_id"] as? String } == ["c4", "c3", "c1"], "newest first, the error elsewhere")
        let first = try #require(answered.first?["response"] as? [String: Any])
        #expect(first["status_code"] as? Int == 200)
        let choice = ((first["body"] as? [String: Any])?["choices"] as? [[String: Any]])?.first
        #expect((choice?["message"] as? [String: Any])?["content"] as? String == "5", "the one-request model answers")
        let errors = try client.request("GET", "/v1/files/\(try #require(done["error_file_id"] as? String))/content", headers: auth)
        let failed = try #require(try JSONSerialization.jsonObject(with: errors.body) as? [String: Any])
        #expect(failed["custom_id"] as? String == "c2")
        #expect((failed["response"] as? [String: Any])?["status_code"] as? Int == 400)
    }

    @Test func geminiInlineJobsAnswerInOrderAndCanBeCancelled() throws {
        let server = try FakeModelServer(.init(batchPolls: 0))
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        let requests = (1...3).map { #"{"request": {"contents": [{"role": "user", "parts": [{"text": "\#($0)"}]}]}, "metadata": {"key": "k\#($0)"}}"# }
        let body = #"{"batch": {"displayName": "t", "inputConfig": {"requests": {"requests": [\#(requests.joined(separator: ","))]}}}}"#
        let created = try client.request("POST", "/v1beta/models/next-number:batchGenerateContent", headers: [:], body: body)
        #expect(created.status == 200)
        let name = try #require(created.json?["name"] as? String)
        let done = try client.request("GET", "/v1beta/\(name)", headers: [:]).json ?? [:]
        #expect(done["done"] as? Bool == true)
        #expect((done["metadata"] as? [String: Any])?["state"] as? String == "BATCH_STATE_SUCCEEDED")
        let inline = (((done["response"] as? [String: Any])?["inlinedResponses"] as? [String: Any])?["inlinedResponses"] as? [[String: Any]]) ?? []
        #expect(inline.compactMap { ($0["metadata"] as? [String: Any])?["key"] as? String } == ["k1", "k2", "k3"])

        let second = try client.request("POST", "/v1beta/models/next-number:batchGenerateContent", headers: [:], body: body)
        let other = try #require(second.json?["name"] as? String)
        #expect(try client.request("POST", "/v1beta/\(other):cancel", headers: [:], body: "{}").status == 200)
        let cancelled = try client.request("GET", "/v1beta/\(other)", headers: [:]).json ?? [:]
        #expect((cancelled["metadata"] as? [String: Any])?["state"] as? String == "BATCH_STATE_CANCELLED")
        #expect((cancelled["error"] as? [String: Any])?["code"] as? Int == 1)
        #expect(server.batchJobsSubmitted == 2)
    }

    @Test func memberFindsATopLevelValueAsWritten() {
        let line = Data(#"{"body": {"a": "}\"{", "b": [1, {"c": 2}]}, "key": "x", "nested": {"body": 1}}"#.utf8)
        #expect(BatchService.member("body", in: line) == Data(#"{"a": "}\"{", "b": [1, {"c": 2}]}"#.utf8))
        #expect(BatchService.member("missing", in: line) == nil)
    }
}
