import Foundation
import EvalKitSuite
import EvalKitProviders

/// A target built in code: one provider, with the system instruction and generation settings
/// every question sent through it carries unless the question says otherwise.
///
/// ```swift
/// let model = Model.openAI(baseURL: URL(string: "http://127.0.0.1:8000/v1")!, model: "next-number-lora")
/// let answer = try await model.answer("III")
/// ```
public struct Model: Sendable {
    /// What messages and reports call it: the provider's word and its model, such as `openai next-number-lora`.
    public var name: String
    public var provider: any Provider
    /// The system instruction sent with every prompt that names none.
    public var system: String?
    /// The generation settings every prompt starts from.
    public var settings: GenerationSettings

    public init(name: String, provider: any Provider, system: String? = nil, settings: GenerationSettings = GenerationSettings()) {
        self.name = name
        self.provider = provider
        self.system = system
        self.settings = settings
    }

    /// Sends one prompt, in one attempt (a suite run retries transient failures; this does not).
    ///
    /// - Parameters:
    ///   - system: the system instruction; the model's own when nil.
    ///   - settings: laid over the model's settings, field by field.
    public func answer(_ prompt: String, system: String? = nil, settings: GenerationSettings = GenerationSettings()) async throws(ProviderError) -> Answer {
        let request = ModelRequest(prompt: prompt, system: system ?? self.system, settings: self.settings.overlaid(by: settings))
        return Answer(try await provider.complete(request))
    }

    /// This model with another system instruction and settings laid over its own.
    public func with(system: String? = nil, settings: GenerationSettings = GenerationSettings()) -> Model {
        Model(name: name, provider: provider, system: system ?? self.system, settings: self.settings.overlaid(by: settings))
    }

    /// The built-in reference model: answers the next number in the prompt's own notation, offline.
    public static func reference(model: String = "next-number") -> Model {
        Model(name: "reference \(model)", provider: ReferenceProvider(model: model))
    }

    /// A Gemini API model (`models/gemini-2.0-flash`, `tunedModels/…`).
    public static func gemini(
        model: String, apiKey: String, baseURL: URL = URL(string: "https://generativelanguage.googleapis.com/v1beta")!,
        system: String? = nil, settings: GenerationSettings = GenerationSettings()
    ) -> Model {
        Model(
            name: "gemini \(model)", provider: GeminiProvider(model: model, apiKey: apiKey, baseURL: baseURL, secrets: [apiKey]),
            system: system, settings: settings)
    }

    /// A tuned model's endpoint on Vertex AI, called with an OAuth access token.
    ///
    /// - Parameter baseURL: nil for `https://{location}-aiplatform.googleapis.com/v1`.
    public static func vertex(
        project: String, location: String = ProviderConfig.Vertex.defaultLocation, endpoint: String, token: String,
        baseURL: URL? = nil, system: String? = nil, settings: GenerationSettings = GenerationSettings()
    ) -> Model {
        vertex(.init(project: project, location: location, resource: .endpoint(endpoint), baseURL: baseURL?.absoluteString), token: token, system: system, settings: settings)
    }

    /// A publisher model on Vertex AI (`gemini-2.5-flash`), called with an OAuth access token.
    public static func vertex(
        project: String, location: String = ProviderConfig.Vertex.defaultLocation, model: String, token: String,
        baseURL: URL? = nil, system: String? = nil, settings: GenerationSettings = GenerationSettings()
    ) -> Model {
        vertex(.init(project: project, location: location, resource: .model(model), baseURL: baseURL?.absoluteString), token: token, system: system, settings: settings)
    }

    private static func vertex(_ config: ProviderConfig.Vertex, token: String, system: String?, settings: GenerationSettings) -> Model {
        let base = URL(string: config.effectiveBaseURL) ?? URL(fileURLWithPath: "/")
        let provider = VertexProvider(
            config: config, baseURL: base, token: .environment(variable: ProviderConfig.Vertex.defaultTokenEnv, token: token), secrets: [token])
        return Model(name: "vertex \(config.displayModel)", provider: provider, system: system, settings: settings)
    }

    /// An OpenAI-compatible server (vLLM, llama.cpp, Ollama, OpenAI itself).
    public static func openAI(
        baseURL: URL, model: String, apiKey: String? = nil, api: ProviderConfig.OpenAI.API = .chat,
        system: String? = nil, settings: GenerationSettings = GenerationSettings()
    ) -> Model {
        Model(
            name: "openai \(model)",
            provider: OpenAIProvider(model: model, baseURL: baseURL, api: api, apiKey: apiKey, secrets: apiKey.map { [$0] } ?? []),
            system: system, settings: settings)
    }

    /// Any JSON endpoint: `body` is a template with `{{prompt}}` and `{{system}}` (JSON-escaped),
    /// `output` a JSON pointer (`/choices/0/text`) to the answer in the response.
    public static func http(
        url: URL, method: String = "POST", headers: [String: String] = [:], body: String, output: String,
        system: String? = nil, settings: GenerationSettings = GenerationSettings()
    ) throws(JSONPointer.SyntaxError) -> Model {
        let pointer = try JSONPointer(output)
        let fields = headers.sorted { $0.key < $1.key }.map { ProviderConfig.HTTP.Header(name: $0.key, value: $0.value) }
        return Model(
            name: "http \(url.absoluteString)",
            provider: HTTPProvider(url: url, method: method, headers: fields, body: body, output: pointer, secrets: Array(headers.values)),
            system: system, settings: settings)
    }

    /// A program that reads the prompt on stdin and writes the answer on stdout (SPEC §4.4).
    ///
    /// - Parameters:
    ///   - run: the program and its arguments.
    ///   - directory: where it runs; the current folder by default.
    ///   - timeout: the program is killed past it.
    public static func command(
        _ run: [String], environment: [String: String] = [:], directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        timeout: Duration = .seconds(60), system: String? = nil, settings: GenerationSettings = GenerationSettings()
    ) -> Model {
        Model(
            name: "command \(run.first ?? "")",
            provider: CommandProvider(config: .init(run: run, env: environment), directory: directory, timeout: timeout),
            system: system, settings: settings)
    }
}
