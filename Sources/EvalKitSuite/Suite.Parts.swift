import Foundation
import YAMLLite
import EvalKitMatchers
import EvalKitSupport
import EvalKitResults

extension Suite {
    /// A target as written: its fields keep `${VAR}` until the target is used.
    public struct Target: Sendable {
        public var name: String
        public var mark: Mark
        public var provider: String
        /// The model as written (`${VAR}` unresolved), for `list`.
        public var model: String?
        /// The target's mapping as parsed, for resolving provider fields.
        public var node: Node
        public var system: String?
        public var template: Template?
        public var settings: GenerationSettings
        public var maxConcurrency: Int?
        /// Requests per minute.
        public var rateLimit: Double?
        /// The absolute path of the target's `ca_file`: PEM roots trusted for this target besides the system's.
        public var caFile: String?
        /// What the target's tokens cost (SPEC §13.1); nil when the suite gives no price.
        public var price: Price?
        /// `batch: true`: the target's requests go through its provider's batch API (SPEC §13).
        public var batch: Bool

        public init(name: String, mark: Mark = .none, provider: String, model: String?, node: Node = .null, system: String? = nil, template: Template? = nil, settings: GenerationSettings = GenerationSettings(), maxConcurrency: Int? = nil, rateLimit: Double? = nil, caFile: String? = nil, price: Price? = nil, batch: Bool = false) {
            self.name = name
            self.mark = mark
            self.provider = provider
            self.model = model
            self.node = node
            self.system = system
            self.template = template
            self.settings = settings
            self.maxConcurrency = maxConcurrency
            self.rateLimit = rateLimit
            self.caFile = caFile
            self.price = price
            self.batch = batch
        }
    }

    /// A target ready to run: `${VAR}` expanded, provider fields typed.
    public struct ResolvedTarget: Sendable {
        public var name: String
        public var config: ProviderConfig
        public var system: String?
        public var template: Template?
        public var settings: GenerationSettings
        public var maxConcurrency: Int?
        public var rateLimit: Double?
        /// The secrets among the values that came from the environment (API keys, header values,
        /// variables named as credentials): never shown anywhere.
        public var secrets: [String]
        /// What the target's tokens cost (SPEC §13.1); nil when the suite gives no price.
        public var price: Price?
        /// `batch: true` or `--batch`: the requests go through the provider's batch API (SPEC §13).
        public var batch: Bool

        /// The model as reports and golden files show it: any secret in it replaced by `[REDACTED]`.
        public var shownModel: String? {
            config.model.map { Redactor(secrets)($0) }
        }

        public init(name: String, config: ProviderConfig, system: String? = nil, template: Template? = nil, settings: GenerationSettings = GenerationSettings(), maxConcurrency: Int? = nil, rateLimit: Double? = nil, secrets: [String] = [], price: Price? = nil, batch: Bool = false) {
            self.name = name
            self.config = config
            self.system = system
            self.template = template
            self.settings = settings
            self.maxConcurrency = maxConcurrency
            self.rateLimit = rateLimit
            self.secrets = secrets
            self.price = price
            self.batch = batch
        }
    }

    /// What `defaults` sets for every case.
    public struct Defaults: Sendable {
        public var template: Template?
        public var system: String?
        public var vars: [String: String]
        public var settings: GenerationSettings
        public var repeatCount: Int?
        public var passIf: PassRule?
        /// ANDed with each case's own.
        public var expect: [any Matcher]
        /// Seconds.
        public var timeout: Double?

        public init(template: Template? = nil, system: String? = nil, vars: [String: String] = [:], settings: GenerationSettings = GenerationSettings(), repeatCount: Int? = nil, passIf: PassRule? = nil, expect: [any Matcher] = [], timeout: Double? = nil) {
            self.template = template
            self.system = system
            self.vars = vars
            self.settings = settings
            self.repeatCount = repeatCount
            self.passIf = passIf
            self.expect = expect
            self.timeout = timeout
        }
    }

    /// A case as written, inline or from a dataset row.
    public struct Case: Sendable {
        public var id: String
        /// Where the case is: the suite file and the case's mapping, or the dataset and its line.
        public var path: String
        public var mark: Mark
        public var prompt: String
        public var vars: [String: String]
        public var expect: [any Matcher]
        public var tags: [String]
        public var system: String?
        public var template: Template?
        public var settings: GenerationSettings
        public var repeatCount: Int?
        public var passIf: PassRule?
        public var timeout: Double?

        public init(id: String, path: String = "", mark: Mark = .none, prompt: String, vars: [String: String] = [:], expect: [any Matcher] = [], tags: [String] = [], system: String? = nil, template: Template? = nil, settings: GenerationSettings = GenerationSettings(), repeatCount: Int? = nil, passIf: PassRule? = nil, timeout: Double? = nil) {
            self.id = id
            self.path = path
            self.mark = mark
            self.prompt = prompt
            self.vars = vars
            self.expect = expect
            self.tags = tags
            self.system = system
            self.template = template
            self.settings = settings
            self.repeatCount = repeatCount
            self.passIf = passIf
            self.timeout = timeout
        }
    }

    /// A prompt template: `{{prompt}}` and `{{name}}` for each var, rendered in one pass.
    public struct Template: Sendable, Equatable {
        public var text: String
        public var path: String
        public var mark: Mark

        public init(text: String, path: String = "", mark: Mark = .none) {
            self.text = text
            self.path = path
            self.mark = mark
        }
    }
}

/// One case ready to send to one target: precedence applied, prompt rendered.
public struct ResolvedCase: Sendable {
    public var id: String
    /// The rendered prompt: what is sent, recorded and shown.
    public var prompt: String
    public var system: String?
    public var settings: GenerationSettings
    /// The defaults' matchers, then the case's own.
    public var matchers: [any Matcher]
    /// Whether the case has `expect` of its own or from defaults (else golden checks fail it).
    public var hasExpect: Bool
    public var tags: [String]
    public var repeatCount: Int
    public var passIf: PassRule
    /// Seconds per attempt; the command line's `--timeout` overrides it.
    public var timeout: Double?

    public init(id: String, prompt: String, system: String? = nil, settings: GenerationSettings = GenerationSettings(), matchers: [any Matcher] = [], hasExpect: Bool = true, tags: [String] = [], repeatCount: Int = 1, passIf: PassRule = .all, timeout: Double? = nil) {
        self.id = id
        self.prompt = prompt
        self.system = system
        self.settings = settings
        self.matchers = matchers
        self.hasExpect = hasExpect
        self.tags = tags
        self.repeatCount = repeatCount
        self.passIf = passIf
        self.timeout = timeout
    }
}
