import Foundation

/// The Gemini API's batch mode (SPEC §13): `POST {base_url}/{model}:batchGenerateContent` with the
/// requests inline (`inputConfig.requests.requests[]`, each `{request, metadata: {key}}`) while
/// they stay under 20 MB, else a JSONL file of `{"key", "request"}` lines uploaded through the
/// Files API's resumable protocol (`inputConfig.fileName`). The job is a long-running operation
/// polled at `GET {base_url}/{batches/…}`: `metadata.state` (`BATCH_STATE_*`, or the SDKs'
/// `JOB_STATE_*`), `metadata.batchStats`, and when done `response` (or `metadata.output`) holding
/// `inlinedResponses.inlinedResponses[]` or a `responsesFile` downloaded from
/// `…/download/{version}/{file}:download?alt=media`, one `{key, response}` or `{key, error}` a line.
public struct GeminiBatchClient: BatchClient {
    /// Inline requests must stay under 20 MB; a larger set goes as a file.
    public static let defaultInlineLimit = 20_000_000

    let provider: GeminiProvider
    let base: URL
    let transport: BatchTransport
    let inlineLimit: Int
    public let limits = BatchLimits.unlimited

    public init(_ provider: GeminiProvider, inlineLimit: Int = GeminiBatchClient.defaultInlineLimit) {
        self.provider = provider
        // `…/models/NAME:generateContent` less the model is the base URL.
        var text = provider.endpoint.absoluteString
        if let range = text.range(of: "/\(provider.model):generateContent", options: .backwards) { text = String(text[..<range.lowerBound]) }
        base = URL(string: text) ?? provider.endpoint
        transport = BatchTransport(trust: provider.trust, headers: ["x-goog-api-key": provider.apiKey]) { provider.error(for: $0) }
        self.inlineLimit = inlineLimit
    }

    public var endpointDescription: String { "gemini \(base.absoluteString)/\(provider.model)" }

    public func body(for request: ModelRequest) -> Data {
        GeminiProvider.body(for: request)
    }

    public func size(of item: BatchItem) -> Int {
        item.body.count + item.key.utf8.count + 40
    }

    /// `scheme://host:port/PREFIX/{version path}` for the Files API's upload and download routes.
    private func filesURL(_ prefix: String, _ rest: String) -> URL? {
        guard var components = URLComponents(url: base, resolvingAgainstBaseURL: false) else { return nil }
        components.percentEncodedPath = "/\(prefix)" + components.percentEncodedPath + rest
        return components.url
    }

    private func url(_ path: String) -> URL {
        URL(string: base.absoluteString + "/" + path) ?? base
    }

    public func submit(_ items: ArraySlice<BatchItem>, displayName: String) async throws(ProviderError) -> String {
        let inlineBytes = items.reduce(0) { $0 + size(of: $1) }
        var body = Data(#"{"batch": {"displayName": \#(BatchTransport.quoted(displayName)), "model": \#(BatchTransport.quoted(provider.model)), "inputConfig": "#.utf8)
        if inlineBytes < inlineLimit {
            body.append(Data(#"{"requests": {"requests": ["#.utf8))
            for (index, item) in items.enumerated() {
                if index > 0 { body.append(UInt8(ascii: ",")) }
                body.append(Data(#"{"request": "#.utf8))
                body.append(item.body)
                body.append(Data(#", "metadata": {"key": \#(BatchTransport.quoted(item.key))}}"#.utf8))
            }
            body.append(Data("]}}}}".utf8))
        } else {
            let file = try await upload(items, displayName: displayName)
            body.append(Data(#"{"fileName": \#(BatchTransport.quoted(file))}}}"#.utf8))
        }
        let response = try await transport.send("POST", URL(string: "\(base.absoluteString)/\(provider.model):batchGenerateContent") ?? base, body: body)
        let operation = try BatchTransport.decode(Operation.self, from: response.body, service: "Gemini")
        guard let name = operation.name ?? operation.metadata?.name, !name.isEmpty else {
            throw ProviderError(.permanent, "Gemini accepted the batch but named no batch job")
        }
        return name
    }

    /// Uploads the JSONL input file through the resumable protocol: a `start` request that
    /// announces the size and type and gets an upload URL, then one `upload, finalize` with the bytes.
    private func upload(_ items: ArraySlice<BatchItem>, displayName: String) async throws(ProviderError) -> String {
        var file = Data()
        for item in items {
            file.append(Data(#"{"key": \#(BatchTransport.quoted(item.key)), "request": "#.utf8))
            file.append(item.body)
            file.append(Data("}\n".utf8))
        }
        guard let start = filesURL("upload", "/files") else { throw ProviderError(.fatal, "the base_url of \(provider.model) has no room for the Files API") }
        let started = try await transport.send("POST", start, body: Data(#"{"file": {"display_name": \#(BatchTransport.quoted(displayName))}}"#.utf8), headers: [
            "X-Goog-Upload-Protocol": "resumable", "X-Goog-Upload-Command": "start",
            "X-Goog-Upload-Header-Content-Length": String(file.count), "X-Goog-Upload-Header-Content-Type": "application/jsonl",
        ])
        guard let location = started.header("X-Goog-Upload-URL"), let uploadURL = URL(string: location) else {
            throw ProviderError(.permanent, "Gemini's Files API gave no upload URL (X-Goog-Upload-URL)")
        }
        // The key goes only to the host it was meant for.
        let sameHost = uploadURL.host == base.host && uploadURL.port == base.port
        let uploaded = try await transport.send("POST", uploadURL, body: file, headers: [
            "Content-Type": "application/jsonl", "X-Goog-Upload-Offset": "0", "X-Goog-Upload-Command": "upload, finalize",
        ], credentials: sameHost)
        let answer = try BatchTransport.decode(FileEnvelope.self, from: uploaded.body, service: "Gemini's Files API")
        guard let name = answer.file?.name, !name.isEmpty else { throw ProviderError(.permanent, "Gemini's Files API named no file for the upload") }
        return name
    }

    public func poll(_ job: String) async throws(ProviderError) -> BatchPoll {
        let response = try await transport.send("GET", url(job))
        let operation = try BatchTransport.decode(Operation.self, from: response.body, service: "Gemini")
        let state = operation.metadata?.state ?? (operation.done == true ? (operation.error == nil ? "BATCH_STATE_SUCCEEDED" : "BATCH_STATE_FAILED") : "BATCH_STATE_PENDING")
        var phase = Self.phase(of: state)
        if phase == .running && operation.done == true { phase = operation.error == nil ? .succeeded : .failed }
        let stats = operation.metadata?.batchStats
        let total = stats?.requestCount?.value
        let finished = (stats?.successfulRequestCount?.value ?? 0) + (stats?.failedRequestCount?.value ?? 0)
        let completed = stats.map { stats in stats.pendingRequestCount.map { (total ?? 0) - $0.value } ?? finished }
        let reason = operation.error.map { $0.message.map { provider.redact.line($0) } ?? "error \($0.code ?? 0)" }
        return BatchPoll(job: job, state: provider.redact.line(state), phase: phase, completed: completed, total: total, reason: reason, body: response.body)
    }

    /// `BATCH_STATE_*` or `JOB_STATE_*` as a phase; an unknown word is still running.
    static func phase(of state: String) -> BatchPoll.Phase {
        var word = Substring(state)
        for prefix in ["BATCH_STATE_", "JOB_STATE_"] where word.hasPrefix(prefix) { word = word.dropFirst(prefix.count) }
        switch word {
        case "SUCCEEDED", "PARTIALLY_SUCCEEDED": return .succeeded
        case "FAILED": return .failed
        case "EXPIRED": return .expired
        case "CANCELLED": return .cancelled
        default: return .running
        }
    }

    public func results(of poll: BatchPoll, items: ArraySlice<BatchItem>) async throws(ProviderError) -> [String: BatchAnswer] {
        let operation = try BatchTransport.decode(Operation.self, from: poll.body, service: "Gemini")
        let output = operation.response ?? operation.metadata?.output
        var answers: [String: BatchAnswer] = [:]
        if let inlined = output?.inlinedResponses?.inlinedResponses {
            // Inline answers come in the order of the requests; their metadata, when echoed, names the key.
            for (offset, line) in inlined.enumerated() {
                guard let key = line.metadata?.key ?? line.key ?? (offset < items.count ? items[items.startIndex + offset].key : nil) else { continue }
                answers[key] = answer(line)
            }
        } else if let file = output?.responsesFile {
            guard let url = filesURL("download", "/\(file):download"), var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
                throw ProviderError(.permanent, "cannot form the download URL of \(provider.redact.line(file))")
            }
            components.queryItems = [URLQueryItem(name: "alt", value: "media")]
            let response = try await transport.send("GET", components.url ?? url)
            for data in BatchTransport.lines(of: response.body) {
                guard let line = try? JSONDecoder().decode(Line.self, from: data), let key = line.key ?? line.metadata?.key else { continue }
                answers[key] = answer(line)
            }
        }
        return answers
    }

    private func answer(_ line: Line) -> BatchAnswer {
        if let response = line.response {
            do {
                var answer = try GeminiProvider.answer(response, service: "Gemini", redact: provider.redact)
                answer.batch = true
                return .response(answer)
            } catch {
                return .error(error)
            }
        }
        let status = line.error
        let word = status?.status.map { " \($0)" } ?? ""
        let message = status?.message.map { ": \(provider.redact.line($0))" } ?? ""
        return .error(ProviderError(.permanent, "Gemini batch error \(status?.code ?? 0)\(word)\(message)"))
    }

    public func cancel(_ job: String) async throws(ProviderError) {
        _ = try await transport.send("POST", url("\(job):cancel"), body: Data("{}".utf8))
    }

    // MARK: Wire

    struct Operation: Decodable {
        var name: String?
        var metadata: Batch?
        var done: Bool?
        var error: Status?
        var response: Output?
    }

    struct Batch: Decodable {
        var name: String?
        var state: String?
        var batchStats: Stats?
        var output: Output?
    }

    struct Stats: Decodable {
        var requestCount: FlexibleCount?
        var successfulRequestCount: FlexibleCount?
        var failedRequestCount: FlexibleCount?
        var pendingRequestCount: FlexibleCount?
    }

    struct Output: Decodable {
        struct Inlined: Decodable {
            var inlinedResponses: [Line]?
        }

        var responsesFile: String?
        var inlinedResponses: Inlined?
    }

    /// An inline response or a line of the responses file.
    struct Line: Decodable {
        struct Metadata: Decodable {
            var key: String?
        }

        var key: String?
        var metadata: Metadata?
        var response: GeminiProvider.Wire.Response?
        var error: Status?
    }

    /// `google.rpc.Status`.
    struct Status: Decodable {
        var code: Int?
        var message: String?
        var status: String?
    }

    struct FileEnvelope: Decodable {
        struct File: Decodable {
            var name: String?
        }

        var file: File?
    }
}
