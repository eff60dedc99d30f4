import Foundation
import Testing

/// Runs the built `fake-model` executable, found beside the test bundle.
@Suite struct FakeModelCommandTests {
    static let binary: URL? = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("fake-model"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug/fake-model"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    @Test(.enabled(if: binary != nil, "the fake-model executable is built"))
    func printsItsPortAnswersAndStopsOnSIGTERM() throws {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["--port", "0", "--latency-ms", "1", "--require-key", "abc", "--batch-polls", "2"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.hasPrefix("listening on 127.0.0.1:"))
        let port = try #require(Int(text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":").last ?? ""))

        let client = try RawHTTPClient(port: port)
        let response = try client.request("POST", "/v1/chat/completions", headers: ["Authorization": "Bearer abc"], body: #"{"model": "next-number", "messages": [{"role": "user", "content": "twenty-two"}]}"#)
        let message = ((response.json?["choices"] as? [[String: Any]])?.first?["message"]) as? [String: Any]
        #expect(message?["content"] as? String == "twenty-three")

        let batch = #"{"batch": {"displayName": "t", "inputConfig": {"requests": {"requests": [{"request": {"contents": [{"parts": [{"text": "1"}]}]}, "metadata": {"key": "a#0"}}]}}}}"#
        let created = try client.request("POST", "/v1beta/models/next-number:batchGenerateContent", headers: ["x-goog-api-key": "abc"], body: batch)
        let name = try #require(created.json?["name"] as? String)
        let states = try (1...3).map { _ in
            (try client.request("GET", "/v1beta/\(name)", headers: ["x-goog-api-key": "abc"]).json?["metadata"] as? [String: Any])?["state"] as? String
        }
        #expect(states == ["BATCH_STATE_RUNNING", "BATCH_STATE_RUNNING", "BATCH_STATE_SUCCEEDED"], "--batch-polls 2: two polls see it running")

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }

    @Test(.enabled(if: binary != nil, "the fake-model executable is built"))
    func rejectsUnknownOptions() throws {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["--lateny-ms", "5"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 2)
        #expect(message.hasPrefix("fake-model: unknown option '--lateny-ms'"))
    }
}
