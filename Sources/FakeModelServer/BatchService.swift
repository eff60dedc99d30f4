import Foundation
import Synchronization

/// The batch APIs of Gemini and OpenAI as `fake-model` serves them (SPEC §13), answering each
/// request with the same model logic as one-request calls.
///
/// Gemini: `POST …/{model}:batchGenerateContent` (inline `inputConfig.requests.requests[]` or
/// `inputConfig.fileName`), `GET …/batches/{id}` (an Operation whose `metadata.state` is
/// `BATCH_STATE_*`), `POST …/batches/{id}:cancel`, the Files API's resumable upload at
/// `/upload/…/files` and download at `/download/…/files/{id}:download?alt=media`. OpenAI:
/// `POST …/files` (multipart, `purpose=batch`), `GET …/files/{id}/content`, `POST …/batches`,
/// `GET …/batches/{id}`, `POST …/batches/{id}/cancel`.
///
/// A job stays running for the configured number of polls (`batchPolls`), then ends. Its model
/// name picks how: `*-batch-expired` expires, `*-batch-failed` fails, `*-batch-errors` answers
/// every third request (the 2nd, 5th, …) with an error line, `*-batch-dropped` leaves every third
/// request (the 3rd, 6th, …) out of the output; any other name succeeds. OpenAI output files and
/// Gemini responses files list the answers in reverse order, as the real services may.
final class BatchService: Sendable {
    enum Kind: Sendable { case gemini, openAI }

    enum Ending: Sendable, Equatable {
        case succeeded, expired, failed, errors, dropped

        init(model: String) {
            let name = model.lowercased()
            if name.hasSuffix("-batch-expired") {
                self = .expired
            } else if name.hasSuffix("-batch-failed") {
                self = .failed
            } else if name.hasSuffix("-batch-errors") {
                self = .errors
            } else if name.hasSuffix("-batch-dropped") {
                self = .dropped
            } else {
                self = .succeeded
            }
        }
    }

    /// One answer of a job: the request's key, and the answer's status and JSON body.
    struct Answer: Sendable {
        var key: String
        var status: Int
        var body: Data
    }

    struct Job: Sendable {
        var id: String
        var kind: Kind
        var model: String
        var ending: Ending
        var inline: Bool
        var answers: [Answer]
        var polls = 0
        var cancelled = false
        /// The output files made when the job ended: Gemini's responses file, OpenAI's output and error files.
        var outputFile: String?
        var errorFile: String?
        /// OpenAI's `endpoint`, echoed back.
        var endpoint = ""
        var inputFile = ""
    }

    private struct State {
        var files: [String: Data] = [:]
        var jobs: [String: Job] = [:]
        var next = 0
        var jobsSubmitted = 0
    }

    private let state = Mutex(State())
    let responder: ModelResponder
    let polls: Int
    let port: Int

    init(responder: ModelResponder, polls: Int, port: Int) {
        self.responder = responder
        self.polls = polls
        self.port = port
    }

    /// Jobs created so far, for tests asserting that a resumed run submitted none.
    var jobsSubmitted: Int { state.withLock { $0.jobsSubmitted } }

    private func nextNumber() -> Int {
        state.withLock { state in
            state.next += 1
            return state.next
        }
    }

    /// The answer to a batch route, or nil when the request is not one.
    func reply(to request: FakeModelServer.RecordedRequest) -> ModelResponder.Reply? {
        let path = request.path
        let post = request.method == "POST"
        if path.hasPrefix("/upload/"), path.hasSuffix("/files"), post { return geminiUpload(request) }
        if path.hasPrefix("/download/"), path.hasSuffix(":download"), request.method == "GET" { return geminiDownload(path) }
        if path.hasSuffix(":batchGenerateContent"), post { return geminiCreate(request) }
        if let range = path.range(of: "/batches/") {
            let rest = String(path[range.upperBound...])
            if rest.hasSuffix(":cancel"), post { return geminiCancel("batches/" + rest.dropLast(":cancel".count), request) }
            if rest.hasSuffix("/cancel"), post { return openAIPoll(String(rest.dropLast("/cancel".count)), request, cancel: true) }
            if request.method == "GET" {
                return rest.hasPrefix("batch_") ? openAIPoll(rest, request, cancel: false) : geminiPoll("batches/" + rest, request)
            }
            return nil
        }
        if path.hasSuffix("/batches"), post { return openAICreate(request) }
        if path.hasSuffix("/files"), post { return openAIUpload(request) }
        if let range = path.range(of: "/files/"), path.hasSuffix("/content"), request.method == "GET" {
            let id = String(path[range.upperBound...].dropLast("/content".count))
            guard let data = state.withLock({ $0.files[id] }) else { return openAIError(404, "No such File object: \(id)") }
            return ModelResponder.Reply(status: 200, headers: [("Content-Type", "application/octet-stream")], bytes: data)
        }
        return nil
    }

    // MARK: Answers

    /// Answers each request as the one-request route would, with the request's own headers.
    private func answer(_ requests: [(key: String, body: Data)], path: String, headers: [FakeModelServer.RecordedRequest.Header], ending: Ending) -> [Answer] {
        var answers: [Answer] = []
        answers.reserveCapacity(requests.count)
        for (index, request) in requests.enumerated() {
            if ending == .dropped && index % 3 == 2 { continue }
            if ending == .errors && index % 3 == 1 {
                answers.append(Answer(key: request.key, status: 400, body: Data(#"{"error": {"code": 400, "message": "fake-model batch error for \#(request.key)", "status": "INVALID_ARGUMENT", "type": "invalid_request_error"}}"#.utf8)))
                continue
            }
            let reply = responder.reply(to: FakeModelServer.RecordedRequest(method: "POST", target: path, headers: headers, body: request.body))
            answers.append(Answer(key: request.key, status: reply.status, body: reply.body))
        }
        return answers
    }

    private func authorized(_ request: FakeModelServer.RecordedRequest, gemini: Bool) -> Bool {
        guard let key = responder.requiredKey else { return true }
        return gemini ? request.header("x-goog-api-key") == key : request.header("Authorization") == "Bearer \(key)"
    }

    private static func json(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8)
    }

    /// A result line built from the answer's own JSON text, so tens of thousands stay cheap:
    /// `{"key": K, "response": BODY}`, or `{"key": K, "error": …}` from an error body.
    private static func geminiFileLine(_ answer: Answer) -> Data {
        var line = Data(#"{"key": \#(ModelResponder.json(answer.key)), "#.utf8)
        if answer.status == 200 {
            line.append(Data(#""response": "#.utf8))
            line.append(answer.body)
            line.append(UInt8(ascii: "}"))
        } else {
            // An error body is `{"error": {…}}`: its members follow the key.
            line.append(answer.body.drop { $0 != UInt8(ascii: "\"") })
        }
        return line
    }

    /// An OpenAI output or error file line: `{id, custom_id, response: {status_code, request_id, body}, error: null}`.
    private static func openAILine(_ answer: Answer, index: Int) -> Data {
        var line = Data(#"{"id": "batch_req_\#(index)", "custom_id": \#(ModelResponder.json(answer.key)), "error": null, "response": {"status_code": \#(answer.status), "request_id": "req_\#(index)", "body": "#.utf8)
        line.append(answer.body)
        line.append(Data("}}".utf8))
        return line
    }

    private static func object(_ data: Data) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    private static func lines(_ data: Data) -> [(object: [String: Any], bytes: Data)] {
        data.split(separator: UInt8(ascii: "\n")).compactMap { line in object(Data(line)).map { ($0, Data(line)) } }
    }

    /// The bytes of a top-level member's value in a JSON object's text (which has parsed), so a
    /// request body is passed on as it came instead of being serialized again.
    static func member(_ name: String, in json: Data) -> Data? {
        let bytes = [UInt8](json)
        let key = Array("\"\(name)\"".utf8)
        var found: Int?
        _ = scan(bytes, from: 0) { index, depth in
            guard depth == 1, bytes[index...].starts(with: key) else { return false }
            found = index + key.count
            return true
        }
        guard var start = found else { return nil }
        while start < bytes.count, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: ":") { start += 1 }
        guard start < bytes.count, bytes[start] == UInt8(ascii: "{") || bytes[start] == UInt8(ascii: "[") else { return nil }
        return scan(bytes, from: start) { _, _ in false }.map { Data(bytes[start..<$0]) }
    }

    /// Walks JSON text from `start`, skipping string contents, and calls `atString` with the
    /// index and nesting depth of each string's opening quote until it says stop. Returns the
    /// index after the object or array that closes back to depth 0, or nil when none does.
    private static func scan(_ bytes: [UInt8], from start: Int, atString: (Int, Int) -> Bool) -> Int? {
        var depth = 0, index = start, inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                if atString(index, depth) { return nil }
                inString = true
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { return index + 1 }
            }
            index += 1
        }
        return nil
    }

    // MARK: Gemini

    private func geminiError(_ code: Int, _ status: String, _ message: String) -> ModelResponder.Reply {
        responder.geminiError(code, status, message)
    }

    private func geminiUpload(_ request: FakeModelServer.RecordedRequest) -> ModelResponder.Reply {
        guard authorized(request, gemini: true) else { return geminiError(401, "UNAUTHENTICATED", "API key not valid. Please pass a valid API key.") }
        let command = request.header("X-Goog-Upload-Command")?.lowercased() ?? ""
        if command == "start" {
            guard request.header("X-Goog-Upload-Protocol") == "resumable" else { return geminiError(400, "INVALID_ARGUMENT", "X-Goog-Upload-Protocol must be resumable") }
            let id = "fake-\(nextNumber())"
            return ModelResponder.Reply(status: 200, headers: [
                ("X-Goog-Upload-URL", "http://127.0.0.1:\(port)\(request.path)?upload_id=\(id)"), ("X-Goog-Upload-Status", "active"),
            ], body: "")
        }
        guard command.contains("upload"), command.contains("finalize"), let range = request.target.range(of: "upload_id=") else {
            return geminiError(400, "INVALID_ARGUMENT", "expected X-Goog-Upload-Command: start, or upload, finalize with an upload_id")
        }
        let id = String(request.target[range.upperBound...])
        state.withLock { $0.files["files/\(id)"] = request.body }
        return ModelResponder.Reply(status: 200, body: """
            {"file": {"name": "files/\(id)", "mimeType": "application/jsonl", "sizeBytes": "\(request.body.count)", "state": "ACTIVE", \
            "uri": "http://127.0.0.1:\(port)/v1beta/files/\(id)"}}
            """)
    }

    private func geminiDownload(_ path: String) -> ModelResponder.Reply {
        guard let range = path.range(of: "/files/") else { return geminiError(404, "NOT_FOUND", "no such file") }
        let name = "files/" + path[range.upperBound...].dropLast(":download".count)
        guard let data = state.withLock({ $0.files[name] }) else { return geminiError(404, "NOT_FOUND", "File \(name) not found.") }
        return ModelResponder.Reply(status: 200, headers: [("Content-Type", "application/jsonl")], bytes: data)
    }

    private func geminiCreate(_ request: FakeModelServer.RecordedRequest) -> ModelResponder.Reply {
        guard authorized(request, gemini: true) else { return geminiError(401, "UNAUTHENTICATED", "API key not valid. Please pass a valid API key.") }
        let resource = request.path.dropLast(":batchGenerateContent".count)
        guard let range = resource.range(of: "/tunedModels/", options: .backwards) ?? resource.range(of: "/models/", options: .backwards) else {
            return geminiError(404, "NOT_FOUND", "no model in the path")
        }
        let model = String(resource[range.upperBound...])
        if ModelResponder.Behaviour(model: model) == .missing {
            return geminiError(404, "NOT_FOUND", "models/\(model) is not found for API version v1beta, or is not supported for batchGenerateContent.")
        }
        guard let batch = request.jsonBody?["batch"] as? [String: Any], let input = batch["inputConfig"] as? [String: Any] else {
            return geminiError(400, "INVALID_ARGUMENT", "Invalid JSON payload received: expected batch.inputConfig.")
        }
        var requests: [(key: String, body: Data)] = []
        let inline: Bool
        if let list = (input["requests"] as? [String: Any])?["requests"] as? [[String: Any]] {
            inline = true
            for (index, item) in list.enumerated() {
                guard let body = item["request"] else { return geminiError(400, "INVALID_ARGUMENT", "requests[\(index)] has no request") }
                let key = ((item["metadata"] as? [String: Any])?["key"] as? String) ?? String(index)
                requests.append((key, Self.json(body)))
            }
        } else if let fileName = input["fileName"] as? String {
            inline = false
            guard let data = state.withLock({ $0.files[fileName] }) else { return geminiError(404, "NOT_FOUND", "File \(fileName) not found.") }
            for (line, bytes) in Self.lines(data) {
                guard let key = line["key"] as? String, line["request"] is [String: Any], let body = Self.member("request", in: bytes) else {
                    return geminiError(400, "INVALID_ARGUMENT", "every line needs key and request")
                }
                requests.append((key, body))
            }
        } else {
            return geminiError(400, "INVALID_ARGUMENT", "inputConfig needs requests or fileName")
        }
        let prefix = String(request.path[..<request.path.index(request.path.startIndex, offsetBy: resource.distance(from: resource.startIndex, to: range.lowerBound))])
        let answers = answer(requests, path: "\(prefix)/models/\(model):generateContent", headers: request.headers, ending: Ending(model: model))
        let id = "batches/fake-\(nextNumber())"
        let job = Job(id: id, kind: .gemini, model: model, ending: Ending(model: model), inline: inline, answers: answers)
        state.withLock { state in
            state.jobs[id] = job
            state.jobsSubmitted += 1
        }
        return ModelResponder.Reply(status: 200, bytes: Self.json(geminiOperation(job, total: requests.count)))
    }

    private func geminiPoll(_ id: String, _ request: FakeModelServer.RecordedRequest) -> ModelResponder.Reply {
        guard authorized(request, gemini: true) else { return geminiError(401, "UNAUTHENTICATED", "API key not valid. Please pass a valid API key.") }
        let job: Job? = state.withLock { state in
            guard var job = state.jobs[id] else { return nil }
            job.polls += 1
            if job.polls > polls, !job.cancelled, job.ending != .failed, job.ending != .expired, !job.inline, job.outputFile == nil {
                let name = "files/fake-\(state.next + 1)"
                state.next += 1
                var file = Data()
                for answer in job.answers.reversed() {
                    file.append(Self.geminiFileLine(answer))
                    file.append(UInt8(ascii: "\n"))
                }
                state.files[name] = file
                job.outputFile = name
            }
            state.jobs[id] = job
            return job
        }
        guard let job else { return geminiError(404, "NOT_FOUND", "Batch \(id) not found.") }
        return ModelResponder.Reply(status: 200, bytes: Self.json(geminiOperation(job, total: nil)))
    }

    private func geminiCancel(_ id: String, _ request: FakeModelServer.RecordedRequest) -> ModelResponder.Reply {
        guard authorized(request, gemini: true) else { return geminiError(401, "UNAUTHENTICATED", "API key not valid. Please pass a valid API key.") }
        let found = state.withLock { state in
            guard state.jobs[id] != nil else { return false }
            state.jobs[id]?.cancelled = true
            return true
        }
        return found ? ModelResponder.Reply(status: 200, body: "{}") : geminiError(404, "NOT_FOUND", "Batch \(id) not found.")
    }

    /// An inline answer: `{metadata: {key}, response}` or `{metadata: {key}, error}`.
    private static func geminiInline(_ answer: Answer) -> [String: Any] {
        var line: [String: Any] = ["metadata": ["key": answer.key]]
        let body = object(answer.body) ?? [:]
        if answer.status == 200 {
            line["response"] = body
        } else {
            line["error"] = body["error"] ?? ["code": answer.status, "message": "HTTP \(answer.status)"]
        }
        return line
    }

    /// The job as a long-running Operation: `metadata` is the GenerateContentBatch, and a finished
    /// job has `done`, then `response` (the output) or `error`.
    private func geminiOperation(_ job: Job, total: Int?) -> [String: Any] {
        let count = total ?? job.answers.count
        let running = job.polls <= polls && !job.cancelled
        let stateWord: String
        var operation: [String: Any] = ["name": job.id]
        if job.cancelled {
            stateWord = "BATCH_STATE_CANCELLED"
            operation["error"] = ["code": 1, "message": "The batch was cancelled."]
        } else if running {
            stateWord = job.polls == 0 ? "BATCH_STATE_PENDING" : "BATCH_STATE_RUNNING"
        } else {
            switch job.ending {
            case .expired:
                stateWord = "BATCH_STATE_EXPIRED"
                operation["error"] = ["code": 4, "message": "The batch expired before it finished (48 hours)."]
            case .failed:
                stateWord = "BATCH_STATE_FAILED"
                operation["error"] = ["code": 13, "message": "fake-model failed the batch on purpose"]
            default:
                stateWord = "BATCH_STATE_SUCCEEDED"
                var output: [String: Any] = ["@type": "type.googleapis.com/google.ai.generativelanguage.v1beta.GenerateContentBatchOutput"]
                if job.inline {
                    output["inlinedResponses"] = ["inlinedResponses": job.answers.map(Self.geminiInline)]
                } else {
                    output["responsesFile"] = job.outputFile ?? ""
                }
                operation["response"] = output
            }
        }
        let finished = running ? 0 : job.answers.count
        let failed = running ? 0 : job.answers.count(where: { $0.status != 200 })
        operation["done"] = !running
        operation["metadata"] = [
            "@type": "type.googleapis.com/google.ai.generativelanguage.v1beta.GenerateContentBatch",
            "name": job.id, "model": "models/\(job.model)", "displayName": "fake", "state": stateWord,
            "batchStats": [
                "requestCount": String(count), "successfulRequestCount": String(finished - failed),
                "failedRequestCount": String(failed), "pendingRequestCount": String(running ? count : 0),
            ],
        ]
        return operation
    }

    // MARK: OpenAI

    private func openAIError(_ status: Int, _ message: String) -> ModelResponder.Reply {
        ModelResponder.Reply(status: status, bytes: Self.json(["error": ["message": message, "type": "invalid_request_error", "param": NSNull(), "code": NSNull()]]))
    }

    private func openAIUpload(_ request: FakeModelServer.RecordedRequest) -> ModelResponder.Reply {
        guard authorized(request, gemini: false) else { return openAIError(401, "Incorrect API key provided.") }
        guard let type = request.header("Content-Type"), let range = type.range(of: "boundary=") else {
            return openAIError(400, "expected multipart/form-data with a boundary")
        }
        let boundary = Data("--\(type[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\"")))".utf8)
        var fields: [String: Data] = [:]
        var rest = request.body[...]
        while let start = rest.range(of: boundary) {
            rest = rest[start.upperBound...]
            guard let end = rest.range(of: boundary) else { break }
            let part = rest[..<end.lowerBound]
            if let split = part.range(of: Data("\r\n\r\n".utf8)) {
                let head = String(decoding: part[..<split.lowerBound], as: UTF8.self)
                var content = part[split.upperBound...]
                if content.suffix(2) == Data("\r\n".utf8) { content = content.dropLast(2) }
                if let name = head.range(of: "name=\"").map({ head[$0.upperBound...].prefix { $0 != "\"" } }) { fields[String(name)] = Data(content) }
            }
        }
        guard let file = fields["file"] else { return openAIError(400, "the form has no file") }
        guard fields["purpose"].map({ String(decoding: $0, as: UTF8.self) }) == "batch" else { return openAIError(400, "purpose must be batch") }
        let id = "file-fake\(nextNumber())"
        state.withLock { $0.files[id] = file }
        return ModelResponder.Reply(status: 200, bytes: Self.json([
            "id": id, "object": "file", "bytes": file.count, "created_at": 0, "filename": "batch.jsonl", "purpose": "batch",
        ]))
    }

    private func openAICreate(_ request: FakeModelServer.RecordedRequest) -> ModelResponder.Reply {
        guard authorized(request, gemini: false) else { return openAIError(401, "Incorrect API key provided.") }
        guard let json = request.jsonBody, let input = json["input_file_id"] as? String, let endpoint = json["endpoint"] as? String else {
            return openAIError(400, "input_file_id and endpoint are required")
        }
        guard json["completion_window"] as? String == "24h" else { return openAIError(400, "completion_window must be 24h") }
        guard let data = state.withLock({ $0.files[input] }) else { return openAIError(404, "No such File object: \(input)") }
        var requests: [(key: String, body: Data)] = []
        var model = ""
        for (line, bytes) in Self.lines(data) {
            guard let key = line["custom_id"] as? String, let body = line["body"] as? [String: Any], line["url"] as? String == endpoint,
                  let raw = Self.member("body", in: bytes)
            else {
                return openAIError(400, "every line needs custom_id, body, and the batch's endpoint as url")
            }
            model = body["model"] as? String ?? model
            requests.append((key, raw))
        }
        let prefix = request.path.dropLast("/batches".count)
        let route = endpoint.hasSuffix("/chat/completions") ? "/chat/completions" : "/completions"
        let answers = answer(requests, path: "\(prefix)\(route)", headers: request.headers, ending: Ending(model: model))
        var job = Job(id: "batch_fake\(nextNumber())", kind: .openAI, model: model, ending: Ending(model: model), inline: false, answers: answers)
        job.endpoint = endpoint
        job.inputFile = input
        state.withLock { state in
            state.jobs[job.id] = job
            state.jobsSubmitted += 1
        }
        return ModelResponder.Reply(status: 200, bytes: Self.json(openAIBatch(job)))
    }

    private func openAIPoll(_ id: String, _ request: FakeModelServer.RecordedRequest, cancel: Bool) -> ModelResponder.Reply {
        guard authorized(request, gemini: false) else { return openAIError(401, "Incorrect API key provided.") }
        let job: Job? = state.withLock { state in
            guard var job = state.jobs[id] else { return nil }
            if cancel { job.cancelled = true } else { job.polls += 1 }
            if job.polls > polls || job.cancelled, job.outputFile == nil, job.errorFile == nil, job.ending != .failed {
                // Finished answers go to the output file, errors to the error file, each newest first.
                let finished = job.cancelled || job.ending == .expired ? [] : job.answers
                var output = Data(), errors = Data()
                for (index, answer) in finished.enumerated().reversed() {
                    let line = Self.openAILine(answer, index: index) + Data("\n".utf8)
                    if answer.status == 200 { output.append(line) } else { errors.append(line) }
                }
                if !output.isEmpty {
                    job.outputFile = "file-fake\(state.next + 1)"
                    state.files[job.outputFile ?? ""] = output
                    state.next += 1
                }
                if !errors.isEmpty {
                    job.errorFile = "file-fake\(state.next + 1)"
                    state.files[job.errorFile ?? ""] = errors
                    state.next += 1
                }
            }
            state.jobs[id] = job
            return job
        }
        guard let job else { return openAIError(404, "No batch found with id '\(id)'.") }
        return ModelResponder.Reply(status: 200, bytes: Self.json(openAIBatch(job)))
    }

    /// The batch object: `status`, `request_counts`, the files, and `errors` when it failed.
    private func openAIBatch(_ job: Job) -> [String: Any] {
        let total = job.answers.count
        let status: String
        var counts = ["total": total, "completed": 0, "failed": 0]
        var batch: [String: Any] = [
            "id": job.id, "object": "batch", "endpoint": job.endpoint, "input_file_id": job.inputFile, "completion_window": "24h",
            "created_at": 0, "output_file_id": job.outputFile ?? NSNull(), "error_file_id": job.errorFile ?? NSNull(), "errors": NSNull(),
        ]
        if job.cancelled {
            status = "cancelled"
        } else if job.polls == 0 {
            status = "validating"
        } else if job.polls <= polls {
            status = "in_progress"
        } else {
            switch job.ending {
            case .failed:
                status = "failed"
                batch["errors"] = ["object": "list", "data": [["code": "invalid_request", "message": "fake-model failed the batch on purpose", "param": NSNull(), "line": NSNull()]]]
            case .expired:
                status = "expired"
            default:
                status = "completed"
                counts["completed"] = job.answers.count(where: { $0.status == 200 })
                counts["failed"] = job.answers.count(where: { $0.status != 200 })
            }
        }
        batch["status"] = status
        batch["request_counts"] = counts
        return batch
    }
}
