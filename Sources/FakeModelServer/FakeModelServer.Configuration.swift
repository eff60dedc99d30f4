import Foundation

extension FakeModelServer {
    /// How a fake server listens and behaves: the library's form of the `fake-model` flags.
    public struct Configuration: Sendable {
        /// The port on 127.0.0.1; 0 picks a free one.
        public var port: UInt16
        /// Added to every model request before it is answered, without blocking other connections.
        public var latencyMilliseconds: Int
        /// The fraction of model requests answered with a transient error (429 with `Retry-After: 0`, or 503).
        public var errorRate: Double
        /// The `Retry-After` seconds of the 503s that `errorRate` injects; nil sends none, so clients back off by themselves.
        public var unavailableRetryAfter: Int?
        /// Seeds the generator that picks which requests fail, so a run is reproducible.
        public var seed: UInt64
        /// When set, requests without this key (`x-goog-api-key` or `Authorization: Bearer`) get 401.
        public var requiredKey: String?
        /// When set, Vertex AI requests without `Authorization: Bearer` this token get 401; when
        /// nil they need `requiredKey` as their bearer token, if that is set.
        public var requiredToken: String?
        /// When set, Gemini and Vertex AI answers carry it as `modelVersion`, OpenAI-compatible
        /// ones as `system_fingerprint`.
        public var modelVersion: String?
        /// Answers of the `scripted` model, by prompt.
        public var script: [String: String]
        /// Request bodies larger than this are answered with 413 and the connection is closed.
        public var maxBodyBytes: Int
        /// How many requests are kept for `requests`; older ones are dropped first.
        public var maxRecordedRequests: Int
        /// Polls a batch job answers as still running before it ends (SPEC §13); 0 ends it at the first poll.
        public var batchPolls: Int

        public init(port: UInt16 = 0, latencyMilliseconds: Int = 0, errorRate: Double = 0, unavailableRetryAfter: Int? = nil, seed: UInt64 = 1, requiredKey: String? = nil, requiredToken: String? = nil, modelVersion: String? = nil, script: [String: String] = [:], maxBodyBytes: Int = 8 << 20, maxRecordedRequests: Int = 10_000, batchPolls: Int = 1) {
            self.port = port
            self.latencyMilliseconds = latencyMilliseconds
            self.errorRate = errorRate
            self.unavailableRetryAfter = unavailableRetryAfter
            self.seed = seed
            self.requiredKey = requiredKey
            self.requiredToken = requiredToken
            self.modelVersion = modelVersion
            self.script = script
            self.maxBodyBytes = maxBodyBytes
            self.maxRecordedRequests = maxRecordedRequests
            self.batchPolls = batchPolls
        }
    }
}

extension FakeModelServer.Configuration {
    /// Why a script file could not be read.
    public struct ScriptError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Reads the `scripted` model's answers: a JSON object `{"prompt": "answer", …}`, or JSON lines
    /// `{"prompt": "…", "answer": "…"}` (`output` or `response` may stand for `answer`). An object
    /// with a `prompt` key is read as a line.
    public static func loadScript(contentsOf url: URL) throws(ScriptError) -> [String: String] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ScriptError(message: "\(url.path): cannot read the script")
        }
        if let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any], object["prompt"] == nil {
            var script: [String: String] = [:]
            for (prompt, answer) in object {
                guard let answer = answer as? String else { throw ScriptError(message: "\(url.path): the answer to \"\(prompt)\" is not a string") }
                script[prompt] = answer
            }
            return script
        }
        var script: [String: String] = [:]
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let row = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                  let prompt = row["prompt"] as? String,
                  let answer = (row["answer"] ?? row["output"] ?? row["response"]) as? String
            else {
                throw ScriptError(message: "\(url.path):\(index + 1): expected {\"prompt\": \"…\", \"answer\": \"…\"}")
            }
            script[prompt] = answer
        }
        return script
    }
}
