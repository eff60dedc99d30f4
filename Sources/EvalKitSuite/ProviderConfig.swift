/// A target's provider settings after `${VAR}` expansion (SPEC §4.4).
public enum ProviderConfig: Sendable, Equatable {
    case reference(model: String)
    case gemini(Gemini)
    case openai(OpenAI)
    case http(HTTP)
    case command(Command)
    case vertex(Vertex)

    /// The providers that have a batch API (SPEC §13), which a target's `batch: true` needs.
    public static let withBatchAPI = ["gemini", "openai"]

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

    /// A Gemini model on Vertex AI: a tuned model's endpoint or a publisher model (SPEC §10.2).
    public struct Vertex: Sendable, Equatable {
        /// Where requests go: exactly one of them.
        public enum Resource: Sendable, Equatable {
            /// A tuned model's endpoint ID.
            case endpoint(String)
            /// A publisher model such as `gemini-2.5-flash`.
            case model(String)
        }

        /// How the OAuth access token is obtained.
        public enum Token: Sendable, Equatable {
            /// An environment variable holding it.
            case environment(String)
            /// A program that prints it, such as `[gcloud, auth, print-access-token]`.
            case command([String])

            /// The program and its arguments; empty for `environment`.
            public var commandArguments: [String] {
                if case .command(let arguments) = self { return arguments }
                return []
            }
        }

        public static let defaultLocation = "us-central1"
        public static let defaultTokenEnv = "VERTEX_ACCESS_TOKEN"

        public var project: String
        public var location: String
        public var resource: Resource
        /// Nil for the default, `https://{location}-aiplatform.googleapis.com/v1`.
        public var baseURL: String?
        public var token: Token

        public init(project: String, location: String = Vertex.defaultLocation, resource: Resource, baseURL: String? = nil, token: Token = .environment(Vertex.defaultTokenEnv)) {
            self.project = project
            self.location = location
            self.resource = resource
            self.baseURL = baseURL
            self.token = token
        }

        /// `base_url`, or `https://{location}-aiplatform.googleapis.com/v1` (`https://aiplatform.googleapis.com/v1` for `global`).
        public var effectiveBaseURL: String {
            if let baseURL { return baseURL }
            return location == "global" ? "https://aiplatform.googleapis.com/v1" : "https://\(location)-aiplatform.googleapis.com/v1"
        }

        /// `projects/{project}/locations/{location}/endpoints/{endpoint}` or `…/publishers/google/models/{model}`.
        public var resourceName: String {
            let place = "projects/\(project)/locations/\(location)"
            switch resource {
            case .endpoint(let id): return "\(place)/endpoints/\(id)"
            case .model(let model): return "\(place)/publishers/google/models/\(model)"
            }
        }

        /// What reports show as the model: the publisher model, or `endpoints/{endpoint}`.
        public var displayModel: String {
            switch resource {
            case .endpoint(let id): "endpoints/\(id)"
            case .model(let model): model
            }
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
        case .vertex: "vertex"
        }
    }

    /// The model it names, where the provider has one.
    public var model: String? {
        switch self {
        case .reference(let model): model
        case .gemini(let config): config.model
        case .openai(let config): config.model
        case .vertex(let config): config.displayModel
        case .http, .command: nil
        }
    }
}
