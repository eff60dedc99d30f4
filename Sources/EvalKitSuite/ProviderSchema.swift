import Foundation
import YAMLLite
import EvalKitSupport

/// The providers a target may name and their fields (SPEC §4.4), decoded into a `ProviderConfig`.
///
/// The same decoding runs when the suite loads (checking `${VAR}` syntax, leaving references
/// as written) and when a target is resolved (expanding them from the environment).
enum ProviderSchema {
    static let names = ["reference", "gemini", "openai", "http", "command", "vertex"]

    /// Each provider's fields, required ones first.
    static let fields: [String: [String]] = [
        "reference": ["model"],
        "gemini": ["model", "api_key_env", "base_url"],
        "openai": ["model", "base_url", "api", "api_key_env"],
        "http": ["url", "body", "output", "method", "headers"],
        "command": ["run", "env", "cwd"],
        "vertex": ["project", "location", "endpoint", "model", "base_url", "token_env", "token_command"],
    ]

    static let required: [String: [String]] = [
        "reference": ["model"],
        "gemini": ["model"],
        "openai": ["model", "base_url"],
        "http": ["url", "body", "output"],
        "command": ["run"],
        "vertex": ["project"],
    ]

    /// Every provider field, for telling a field of another provider from an unknown key.
    static let allFields: [String] = {
        var all: [String] = []
        for name in names { for field in fields[name] ?? [] where !all.contains(field) { all.append(field) } }
        return all
    }()

    /// The model the built-in reference provider answers as.
    static let referenceModel = "next-number"

    /// The provider's configuration from a target's mapping, whose keys were already checked.
    static func config(of entries: [Node.Entry], provider: String, mapping: Mark, target: String, reader: SchemaReader, expander: inout FieldExpander) throws(Diagnostic) -> ProviderConfig {
        let context = "target '\(target)'"
        for key in required[provider] ?? [] where !entries.contains(where: { $0.key == key }) {
            throw reader.error("missing required key '\(key)' in \(context) (provider \(provider))", at: mapping)
        }
        func value(_ key: String) -> Node? { entries.first { $0.key == key }?.value }
        func text(_ key: String, expanding: Bool = true) throws(Diagnostic) -> String? {
            guard let node = value(key) else { return nil }
            let text = try reader.string(node, key)
            return expanding ? try expander.expand(text, at: node, field: key, reader: reader) : text
        }
        func keyVariable(_ key: String) throws(Diagnostic) -> String? {
            guard let node = value(key), let name = try text(key, expanding: false) else { return nil }
            guard VariableReference.isValidName(name) else {
                throw reader.error("\(key) names an environment variable (such as MY_API_KEY), got '\(name)'", at: node.mark)
            }
            return name
        }

        switch provider {
        case "reference":
            let model = try text("model") ?? ""
            if expander.isFinal(model), model != referenceModel, let node = value("model") {
                throw reader.error("the reference provider has one model, '\(referenceModel)'; got '\(model)'", at: node.mark)
            }
            return .reference(model: model)
        case "gemini":
            var config = ProviderConfig.Gemini(model: try text("model") ?? "")
            if let name = try keyVariable("api_key_env") { config.apiKeyEnv = [name] }
            if let baseURL = try text("base_url") { config.baseURL = try url(baseURL, value("base_url"), "base_url", reader, expander) }
            return .gemini(config)
        case "openai":
            var config = ProviderConfig.OpenAI(model: try text("model") ?? "", baseURL: "")
            config.baseURL = try url(try text("base_url") ?? "", value("base_url"), "base_url", reader, expander)
            if let node = value("api") {
                let api = try reader.string(node, "api")
                guard let parsed = ProviderConfig.OpenAI.API(rawValue: api) else {
                    let apis = ProviderConfig.OpenAI.API.allCases.map(\.rawValue)
                    throw reader.error("api expects chat or completions, got '\(api)'" + EditDistance.didYouMean(api, in: apis), at: node.mark)
                }
                config.api = parsed
            }
            config.apiKeyEnv = try keyVariable("api_key_env")
            return .openai(config)
        case "http":
            let address = try url(try text("url") ?? "", value("url"), "url", reader, expander)
            let body = try text("body") ?? ""
            if expander.isFinal(body), let node = value("body") {
                do {
                    _ = try JSONNode.parse(body)
                } catch {
                    throw reader.error("body is not valid JSON (\(error.message)); write placeholders inside strings: \"content\": \"{{prompt}}\"", at: node.mark)
                }
            }
            let output = try text("output", expanding: false) ?? ""
            if !output.isEmpty && !output.hasPrefix("/"), let node = value("output") {
                throw reader.error("output expects a JSON Pointer such as /choices/0/text, got '\(output)'", at: node.mark)
            }
            var config = ProviderConfig.HTTP(url: address, body: body, output: output)
            if let node = value("method") {
                let method = try reader.string(node, "method")
                guard !method.isEmpty, method.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("a"..."z").contains($0) }) else {
                    throw reader.error("method expects an HTTP method such as POST, got '\(method)'", at: node.mark)
                }
                config.method = method.uppercased()
            }
            if let node = value("headers") {
                for (entry, header) in try reader.stringMapping(node, "headers") {
                    guard isToken(entry.key) else {
                        throw reader.error("'\(entry.key)' is not a valid HTTP header name", at: entry.keyMark)
                    }
                    let expanded = try expander.expand(header, at: entry.value, field: "headers.\(entry.key)", reader: reader)
                    config.headers.append(.init(name: entry.key, value: expanded))
                }
            }
            return .http(config)
        case "command":
            guard let runNode = value("run") else { return .command(.init(run: [])) }
            let arguments = try reader.stringList(runNode, "run")
            guard let program = arguments.first, !program.isEmpty else {
                throw reader.error("run expects a program and its arguments, such as [python3, model.py]", at: runNode.mark)
            }
            var run: [String] = []
            for (index, argument) in arguments.enumerated() {
                run.append(try expander.expand(argument, at: runNode.items?[index] ?? runNode, field: "run", reader: reader))
            }
            var config = ProviderConfig.Command(run: run)
            if let node = value("env") {
                for (entry, variable) in try reader.stringMapping(node, "env") {
                    guard VariableReference.isValidName(entry.key) else {
                        throw reader.error("'\(entry.key)' is not a valid environment variable name", at: entry.keyMark)
                    }
                    config.env[entry.key] = try expander.expand(variable, at: entry.value, field: "env.\(entry.key)", reader: reader)
                }
            }
            config.cwd = try text("cwd")
            return .command(config)
        case "vertex":
            // Exactly one of endpoint and model; at most one of token_env and token_command.
            func segment(_ key: String) throws(Diagnostic) -> String? {
                guard let node = value(key), let name = try text(key) else { return nil }
                if expander.isFinal(name) && !isPathSegment(name) {
                    throw reader.error("\(key) expects a name of letters, digits, '-', '_' and '.', got '\(name)'", at: node.mark)
                }
                return name
            }
            let project = try segment("project") ?? ""
            let resource: ProviderConfig.Vertex.Resource
            switch (try segment("endpoint"), try segment("model")) {
            case (let endpoint?, nil): resource = .endpoint(endpoint)
            case (nil, let model?): resource = .model(model)
            case (.some, .some):
                throw reader.error("\(context) sets both endpoint and model; a vertex target names exactly one: endpoint (a tuned model's endpoint ID) or model (a publisher model such as gemini-2.5-flash)", at: value("model")?.mark ?? mapping)
            case (nil, nil):
                throw reader.error("\(context) (provider vertex) needs endpoint (a tuned model's endpoint ID) or model (a publisher model such as gemini-2.5-flash)", at: mapping)
            }
            var config = ProviderConfig.Vertex(project: project, resource: resource)
            if let location = try segment("location") { config.location = location }
            if let node = value("base_url"), let baseURL = try text("base_url") {
                config.baseURL = try url(baseURL, node, "base_url", reader, expander)
            }
            if let node = value("token_command") {
                if value("token_env") != nil {
                    throw reader.error("token_env and token_command are alternatives; set one", at: node.mark)
                }
                let arguments = try reader.stringList(node, "token_command")
                guard let program = arguments.first, !program.isEmpty else {
                    throw reader.error("token_command expects a program and its arguments, such as [gcloud, auth, print-access-token]", at: node.mark)
                }
                var command: [String] = []
                for (index, argument) in arguments.enumerated() {
                    command.append(try expander.expand(argument, at: node.items?[index] ?? node, field: "token_command", reader: reader))
                }
                config.token = .command(command)
            } else if let name = try keyVariable("token_env") {
                config.token = .environment(name)
            }
            return .vertex(config)
        default:
            throw reader.error("unknown provider '\(provider)'", at: mapping)
        }
    }

    /// Whether a name can stand in a URL path as one segment: letters, digits, `-`, `_`, `.`.
    private static func isPathSegment(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && name.unicodeScalars.allSatisfy { scalar in
            ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar)
        }
    }

    private static func url(_ text: String, _ node: Node?, _ key: String, _ reader: SchemaReader, _ expander: FieldExpander) throws(Diagnostic) -> String {
        guard expander.isFinal(text), let node else { return text }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw reader.error("\(key) expects an http:// or https:// URL, got '\(text)'", at: node.mark)
        }
        return text
    }

    private static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { scalar in
            ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar)
        }
    }
}
