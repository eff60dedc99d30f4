import Foundation
import EvalKitSupport

/// OpenAI's Batch API (SPEC §13): a JSONL file of `{custom_id, method: "POST", url, body}` lines
/// uploaded to `POST {base_url}/files` (multipart, `purpose=batch`), a job made with
/// `POST {base_url}/batches` (`input_file_id`, `endpoint`, `completion_window: "24h"`) and polled
/// at `GET {base_url}/batches/{id}` (`status`, `request_counts`, `errors`), and its
/// `output_file_id` and `error_file_id` read from `GET {base_url}/files/{id}/content`. Output
/// lines `{custom_id, response: {status_code, body}, error}` come in no particular order and are
/// joined on `custom_id`. A job holds at most 50,000 requests and 200 MB.
public struct OpenAIBatchClient: BatchClient {
    public static let defaultLimits = BatchLimits(maxRequests: 50_000, maxBytes: 200_000_000)

    let provider: OpenAIProvider
    let base: String
    /// `/v1/chat/completions` or `/v1/completions`: the `url` of every line and the job's `endpoint`.
    let path: String
    let transport: BatchTransport
    public let limits: BatchLimits

    public init(_ provider: OpenAIProvider, limits: BatchLimits = OpenAIBatchClient.defaultLimits) {
        self.provider = provider
        path = provider.api == .chat ? "/v1/chat/completions" : "/v1/completions"
        var text = provider.endpoint.absoluteString
        text.removeLast(provider.api == .chat ? "/chat/completions".count : "/completions".count)
        base = text
        transport = BatchTransport(trust: provider.trust, headers: provider.apiKey.map { ["Authorization": "Bearer \($0)"] } ?? [:]) { provider.error(for: $0) }
        self.limits = limits
    }

    public var endpointDescription: String { "openai \(base) \(path) \(provider.model)" }

    public func body(for request: ModelRequest) -> Data {
        provider.body(for: request)
    }

    private func linePrefix(_ key: String) -> String {
        #"{"custom_id": \#(BatchTransport.quoted(key)), "method": "POST", "url": "\#(path)", "body": "#
    }

    public func size(of item: BatchItem) -> Int {
        linePrefix(item.key).utf8.count + item.body.count + 2
    }

    private func url(_ rest: String) -> URL {
        URL(string: base + rest) ?? provider.endpoint
    }

    public func submit(_ items: ArraySlice<BatchItem>, displayName: String) async throws(ProviderError) -> String {
        var file = Data()
        for item in items {
            file.append(Data(linePrefix(item.key).utf8))
            file.append(item.body)
            file.append(Data("}\n".utf8))
        }
        let boundary = "evals-\(SHA256.hex(displayName).prefix(24))"
        var form = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n".utf8)
        form.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(displayName).jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n".utf8))
        form.append(file)
        form.append(Data("\r\n--\(boundary)--\r\n".utf8))
        let uploaded = try await transport.send("POST", url("/files"), body: form, headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"])
        let fileID = try BatchTransport.decode(Object.self, from: uploaded.body, service: provider.serverName).id
        let request = #"{"input_file_id": \#(BatchTransport.quoted(fileID)), "endpoint": "\#(path)", "completion_window": "24h", "metadata": {"description": \#(BatchTransport.quoted(displayName))}}"#
        let created = try await transport.send("POST", url("/batches"), body: Data(request.utf8))
        return try BatchTransport.decode(Object.self, from: created.body, service: provider.serverName).id
    }

    public func poll(_ job: String) async throws(ProviderError) -> BatchPoll {
        let response = try await transport.send("GET", url("/batches/\(job)"))
        let batch = try BatchTransport.decode(Batch.self, from: response.body, service: provider.serverName)
        let counts = batch.requestCounts
        let reasons = (batch.errors?.data ?? []).compactMap { error in
            [error.code, error.message].compactMap { $0 }.joined(separator: ": ")
        }
        return BatchPoll(
            job: job, state: provider.redact.line(batch.status), phase: Self.phase(of: batch.status),
            completed: counts.map { ($0.completed ?? 0) + ($0.failed ?? 0) }, total: counts?.total,
            reason: reasons.isEmpty ? nil : provider.redact.line(reasons.joined(separator: "; ")), body: response.body)
    }

    static func phase(of status: String) -> BatchPoll.Phase {
        switch status {
        case "completed": .succeeded
        case "failed": .failed
        case "expired": .expired
        case "cancelled": .cancelled
        default: .running
        }
    }

    public func results(of poll: BatchPoll, items: ArraySlice<BatchItem>) async throws(ProviderError) -> [String: BatchAnswer] {
        let batch = try BatchTransport.decode(Batch.self, from: poll.body, service: provider.serverName)
        var answers: [String: BatchAnswer] = [:]
        // An expired or cancelled job still has the answers it finished in its output file.
        for fileID in [batch.outputFileID, batch.errorFileID].compactMap({ $0 }) where !fileID.isEmpty {
            let response = try await transport.send("GET", url("/files/\(fileID)/content"))
            for data in BatchTransport.lines(of: response.body) {
                guard let line = try? JSONDecoder().decode(Line.self, from: data) else { continue }
                answers[line.customID] = answer(line)
            }
        }
        return answers
    }

    private func answer(_ line: Line) -> BatchAnswer {
        if let error = line.error {
            let code = error.code.map { " \(provider.redact.line($0))" } ?? ""
            return .error(ProviderError(.permanent, "batch error\(code): \(provider.redact.line(error.message ?? "no message"))"))
        }
        guard let response = line.response else {
            return .error(ProviderError(.permanent, "batch output line without a response or an error"))
        }
        guard response.statusCode == 200, let body = response.body else {
            let said = response.body?.error?.message.map { ": \(provider.redact.line($0))" } ?? ""
            return .error(ProviderError(.permanent, "HTTP \(response.statusCode) in the batch from \(provider.serverName)\(said)", httpStatus: response.statusCode))
        }
        do {
            var answer = try provider.answer(body.completion)
            answer.batch = true
            return .response(answer)
        } catch {
            return .error(error)
        }
    }

    public func cancel(_ job: String) async throws(ProviderError) {
        _ = try await transport.send("POST", url("/batches/\(job)/cancel"))
    }

    // MARK: Wire

    struct Object: Decodable {
        var id: String
    }

    struct Batch: Decodable {
        struct Counts: Decodable {
            var total: Int?
            var completed: Int?
            var failed: Int?
        }

        struct Errors: Decodable {
            struct Item: Decodable {
                var code: String?
                var message: String?
            }

            var data: [Item]?
        }

        var status: String
        var outputFileID: String?
        var errorFileID: String?
        var requestCounts: Counts?
        var errors: Errors?

        enum CodingKeys: String, CodingKey {
            case status, outputFileID = "output_file_id", errorFileID = "error_file_id", requestCounts = "request_counts", errors
        }
    }

    struct Line: Decodable {
        struct Response: Decodable {
            var statusCode: Int
            var body: Body?

            enum CodingKeys: String, CodingKey {
                case statusCode = "status_code", body
            }
        }

        /// The completion, or an error envelope when the status is not 200.
        struct Body: Decodable {
            var completion: OpenAIProvider.Wire.Response
            var error: OpenAIProvider.Wire.ErrorEnvelope.Body?

            init(from decoder: any Decoder) throws {
                completion = try OpenAIProvider.Wire.Response(from: decoder)
                error = try? OpenAIProvider.Wire.ErrorEnvelope(from: decoder).error
            }
        }

        struct Failure: Decodable {
            var code: String?
            var message: String?
        }

        var customID: String
        var response: Response?
        var error: Failure?

        enum CodingKeys: String, CodingKey {
            case customID = "custom_id", response, error
        }
    }
}
