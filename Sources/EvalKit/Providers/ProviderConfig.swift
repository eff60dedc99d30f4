/// A target's provider settings after `${VAR}` expansion (SPEC §4.4).
public enum ProviderConfig: Sendable, Equatable {
    case reference(model: String)
    case gemini(Gemini)
    case openai(OpenAI)
    case http(HTTP)
    case command(Command)

    public struct Gemini: Sendable, Equatable {
        public var model: String
        /// Variables to read the key from, first set one wins: `api_key_env`, or `GEMINI_API_KEY` then `GOOGLE_API_KEY`.
        public var apiKeyEnv: [String]
        public var baseURL: String

        public init(model: String, apiKeyEnv: [String] = ["GEMINI_API_KEY", "GOOGLE_API_KEY"], baseURL: String = "https://generativelanguage.googleapis.com/v1beta") {
            self.model = model
            self.apiKeyEnv = apiKeyEnv
            self.baseURL = baseURL
        }
    }

    public struct OpenAI: Sendable, Equatable {
        public enum API: String, Sendable, CaseIterable { case chat, completions }
        public var model: String
        public var baseURL: String
        public var api: API
        /// A key is sent only when a variable is named.
        public var apiKeyEnv: String?

        public init(model: String, baseURL: String, api: API = .chat, apiKeyEnv: String? = nil) {
            self.model = model
            self.baseURL = baseURL
            self.api = api
            self.apiKeyEnv = apiKeyEnv
        }
    }

    public struct HTTP: Sendable, Equatable {
        public struct Header: Sendable, Equatable {
            public var name: String
            public var value: String
            public init(name: String, value: String) {
                self.name = name
                self.value = value
            }
        }
        public var url: String
        public var method: String
        public var headers: [Header]
        /// JSON text in which `{{prompt}}` and `{{system}}` are replaced by JSON-string-escaped text.
        public var body: String
        /// A JSON Pointer (RFC 6901) into the response.
        public var output: String

        public init(url: String, method: String = "POST", headers: [Header] = [], body: String, output: String) {
            self.url = url
            self.method = method
            self.headers = headers
            self.body = body
            self.output = output
        }
    }

    public struct Command: Sendable, Equatable {
        public var run: [String]
        public var env: [String: String]
        /// Relative to the suite's folder; the suite's folder when nil.
        public var cwd: String?

        public init(run: [String], env: [String: String] = [:], cwd: String? = nil) {
            self.run = run
            self.env = env
            self.cwd = cwd
        }
    }

    /// The suite's word for the provider.
    public var name: String {
        switch self {
        case .reference: "reference"
        case .gemini: "gemini"
        case .openai: "openai"
        case .http: "http"
        case .command: "command"
        }
    }

    /// The model it names, where the provider has one.
    public var model: String? {
        switch self {
        case .reference(let model): model
        case .gemini(let config): config.model
        case .openai(let config): config.model
        case .http, .command: nil
        }
    }
}
