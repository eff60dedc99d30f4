import Foundation
import YAMLLite
import EvalKitSupport
import EvalKitTransport
import EvalKitSuite

/// Makes the provider of a resolved target, reading keys from the environment.
public enum ProviderFactory {
    /// Throws, pointing at the target in the suite file, when a key variable it needs is unset
    /// or a field cannot be used (a URL that is not http(s), an invalid `output` pointer, a
    /// `ca_file` or `SSL_CERT_FILE` of an https target that holds no PEM certificate).
    ///
    /// - Parameters:
    ///   - maxConnections: connections an HTTP provider keeps to its host; at least the run's concurrency.
    ///   - timeout: the per-attempt limit a `command` provider enforces on its program.
    public static func make(for target: Suite.ResolvedTarget, suite: Suite, environment: [String: String], maxConnections: Int = 64, timeout: Duration = .seconds(60)) throws(Diagnostic) -> any Provider {
        let written = suite.target(named: target.name)
        func diagnostic(_ message: String, field: String? = nil) -> Diagnostic {
            let mark = field.flatMap { written?.node[$0]?.mark } ?? written?.mark
            return suite.source.diagnostic(Redactor(target.secrets)("target '\(target.name)': \(message)"), at: mark)
        }
        func url(_ text: String, field: String) throws(Diagnostic) -> URL {
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host?.isEmpty == false else {
                throw diagnostic("\(field) '\(text)' is not an http:// or https:// URL", field: field)
            }
            return url
        }
        /// The roots an https URL is verified against: the system's, `SSL_CERT_FILE`'s and the target's `ca_file`; nil for http.
        func trust(for url: URL) throws(Diagnostic) -> TLSTrust? {
            guard url.scheme?.lowercased() == "https" else { return nil }
            let certFile = environment["SSL_CERT_FILE"].flatMap { $0.isEmpty ? nil : $0 }
            let files = [certFile, written?.caFile].compactMap { $0 }
            guard !files.isEmpty else { return nil }
            do {
                return try TLSTrust(files: files)
            } catch {
                let source = error.path == certFile ? "SSL_CERT_FILE" : "ca_file"
                throw diagnostic("\(source): \(error.description)", field: source == "ca_file" ? "ca_file" : nil)
            }
        }
        if let message = missingKeyMessage(target: target.name, config: target.config, environment: environment) {
            throw diagnostic(message.dropFirst("target '\(target.name)': ".count).description)
        }
        switch target.config {
        case .gemini(let config):
            let variable = config.apiKeyEnv.first { environment[$0]?.isEmpty == false } ?? ""
            let key = environment[variable] ?? ""
            let baseURL = try url(config.baseURL, field: "base_url")
            return GeminiProvider(
                model: config.model, apiKey: key, keyVariable: variable, baseURL: baseURL,
                maxConnections: maxConnections, trust: try trust(for: baseURL), secrets: target.secrets)
        case .openai(let config):
            let key = config.apiKeyEnv.flatMap { environment[$0] }
            let baseURL = try url(config.baseURL, field: "base_url")
            return OpenAIProvider(
                model: config.model, baseURL: baseURL, api: config.api, apiKey: key, keyVariable: config.apiKeyEnv,
                maxConnections: maxConnections, trust: try trust(for: baseURL), secrets: target.secrets + (key.map { [$0] } ?? []))
        case .http(let config):
            let pointer: JSONPointer
            do {
                pointer = try JSONPointer(config.output)
            } catch {
                throw diagnostic("output: \(error.message)", field: "output")
            }
            let endpoint = try url(config.url, field: "url")
            return HTTPProvider(
                url: endpoint, method: config.method, headers: config.headers, body: config.body,
                output: pointer, maxConnections: maxConnections, trust: try trust(for: endpoint), secrets: target.secrets)
        case .vertex(let config):
            var token = VertexProvider.TokenSource.Origin.command(config.token.commandArguments, directory: suite.directory)
            if case .environment(let variable) = config.token {
                token = .environment(variable: variable, token: environment[variable] ?? "")
            }
            let base = try url(config.effectiveBaseURL, field: "base_url")
            return VertexProvider(
                config: config, baseURL: base, token: token,
                maxConnections: maxConnections, trust: try trust(for: base), secrets: target.secrets)
        case .reference(let model):
            return ReferenceProvider(model: model)
        case .command(let config):
            guard config.run.first?.isEmpty == false else { throw diagnostic("run: needs a program to run", field: "run") }
            return CommandProvider(config: config, directory: suite.directory, timeout: timeout, secrets: target.secrets)
        }
    }

    /// The key variables a provider needs that are unset or empty in `environment`: for Gemini,
    /// every candidate when none is set (any one would do); for OpenAI, the named `api_key_env`.
    public static func missingKeys(for config: ProviderConfig, environment: [String: String]) -> [String] {
        switch config {
        case .gemini(let gemini):
            return gemini.apiKeyEnv.contains { environment[$0]?.isEmpty == false } ? [] : gemini.apiKeyEnv
        case .openai(let openai):
            guard let name = openai.apiKeyEnv, environment[name]?.isEmpty != false else { return [] }
            return [name]
        case .vertex(let vertex):
            guard case .environment(let name) = vertex.token, environment[name]?.isEmpty != false else { return [] }
            return [name]
        case .reference, .http, .command:
            return []
        }
    }

    /// Readies a provider before its first request: a `vertex` target with `token_command` runs
    /// the program once for its first token. Its failure is a diagnostic at `token_command`
    /// quoting what the program wrote to stderr (exit 2: nothing was sent).
    public static func prepare(_ provider: any Provider, for target: Suite.ResolvedTarget, suite: Suite) async throws(Diagnostic) {
        guard let vertex = provider as? VertexProvider else { return }
        do {
            _ = try await vertex.tokens.current()
        } catch {
            let written = suite.target(named: target.name)
            let mark = written?.node["token_command"]?.mark ?? written?.mark
            throw suite.source.diagnostic(Redactor(target.secrets)("target '\(target.name)': \(error.message)"), at: mark)
        }
    }

    /// "target 'tuned': environment variable GEMINI_API_KEY (or GOOGLE_API_KEY) is not set; export it
    /// or choose another target", or nil when every key is there. For `check`'s warnings and `make`'s errors.
    public static func missingKeyMessage(target name: String, config: ProviderConfig, environment: [String: String]) -> String? {
        let missing = missingKeys(for: config, environment: environment)
        guard let first = missing.first else { return nil }
        let alternatives = missing.count > 1 ? " (or \(missing.dropFirst().joined(separator: " or ")))" : ""
        return "target '\(name)': environment variable \(first)\(alternatives) is not set; export it or choose another target"
    }
}
