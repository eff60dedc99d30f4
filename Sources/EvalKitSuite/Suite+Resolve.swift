import Foundation
import YAMLLite

extension Suite {
    /// The target ready to run: `${VAR}` expanded from `environment` in its provider fields and
    /// `system` (never in `template`, `provider`, `api`, `api_key_env`, `method` or `output`),
    /// the provider's fields typed. `secrets` holds the API key that `api_key_env` (or Gemini's
    /// default variables) holds and the values of the variables `FieldExpander.isSecret` names;
    /// other values from variables (a port in `base_url`) are not secrets and are never redacted.
    /// An unset or empty variable, or a secret shorter than `Redactor.minimumSecretLength`, is a
    /// diagnostic at the field that uses it.
    public func resolve(_ target: Target, environment: [String: String]) throws(Diagnostic) -> ResolvedTarget {
        var expander = FieldExpander(mode: .resolve(environment), target: target.name)
        let (config, system) = try providerFields(of: target, expander: &expander)
        var secrets = expander.secrets
        let keyVariable: String?
        switch config {
        case .gemini(let gemini): keyVariable = gemini.apiKeyEnv.first { environment[$0]?.isEmpty == false }
        case .openai(let openai): keyVariable = openai.apiKeyEnv
        case .vertex(let vertex):
            if case .environment(let name) = vertex.token { keyVariable = name } else { keyVariable = nil }
        default: keyVariable = nil
        }
        if let name = keyVariable, let key = environment[name], !key.isEmpty {
            let field = target.provider == "vertex" ? "token_env" : "api_key_env"
            let named = target.node[field]
            if let problem = FieldExpander.tooShort(key, variable: name, target: target.name, field: named == nil ? "the provider's default \(field)" : field) {
                throw source.diagnostic(problem, at: named?.mark ?? target.mark)
            }
            if !secrets.contains(key) { secrets.append(key) }
        }
        return ResolvedTarget(
            name: target.name, config: config, system: system, template: target.template, settings: target.settings,
            maxConcurrency: target.maxConcurrency, rateLimit: target.rateLimit, secrets: secrets, price: target.price, batch: target.batch)
    }

    /// The variables that the target's fields use and `environment` leaves unset or empty, each
    /// once, in order of use (for warnings about targets that are not run). API key variables
    /// (`api_key_env` and its defaults) are the provider's to check and are not listed.
    public func missingVariables(of target: Target, environment: [String: String]) -> [String] {
        var expander = FieldExpander(mode: .collectMissing(environment), target: target.name)
        do {
            _ = try providerFields(of: target, expander: &expander)
        } catch {
            return expander.missing
        }
        return expander.missing
    }

    /// The case as sent to `target`: system, template and each generation setting from the case,
    /// else the target, else `defaults`; vars merged (the case's win); the prompt rendered in
    /// one pass; the defaults' matchers then the case's; repeat 1 and pass_if all unless set.
    public func resolve(_ testCase: Case, for target: ResolvedTarget) -> ResolvedCase {
        let template = testCase.template ?? target.template ?? defaults.template ?? .promptOnly
        let vars = defaults.vars.merging(testCase.vars) { _, own in own }
        let matchers = defaults.expect + testCase.expect
        return ResolvedCase(
            id: testCase.id,
            prompt: template.render(prompt: testCase.prompt, vars: vars),
            system: testCase.system ?? target.system ?? defaults.system,
            settings: defaults.settings.overlaid(by: target.settings).overlaid(by: testCase.settings),
            matchers: matchers,
            hasExpect: !matchers.isEmpty,
            tags: testCase.tags,
            repeatCount: testCase.repeatCount ?? defaults.repeatCount ?? 1,
            passIf: testCase.passIf ?? defaults.passIf ?? .all,
            timeout: testCase.timeout ?? defaults.timeout)
    }

    private func providerFields(of target: Target, expander: inout FieldExpander) throws(Diagnostic) -> (ProviderConfig, String?) {
        let reader = SchemaReader(source: source)
        let entries = try reader.entries(target.node.isNull ? Self.node(of: target) : target.node, of: "target '\(target.name)'")
        let mapping = target.node.mark.isNone ? target.mark : target.node.mark
        let config = try ProviderSchema.config(of: entries, provider: target.provider, mapping: mapping, target: target.name, reader: reader, expander: &expander)
        var system: String?
        if let node = entries.first(where: { $0.key == "system" })?.value {
            system = try expander.expand(try reader.string(node, "system"), at: node, field: "system", reader: reader)
        }
        return (config, system)
    }

    /// The mapping of a target built in code rather than loaded: its provider, model and system.
    private static func node(of target: Target) -> Node {
        var entries = [Node.Entry(key: "provider", value: .scalar(target.provider))]
        if let model = target.model { entries.append(Node.Entry(key: "model", value: .scalar(model))) }
        if let system = target.system { entries.append(Node.Entry(key: "system", value: .scalar(system))) }
        return .mapping(entries)
    }
}
