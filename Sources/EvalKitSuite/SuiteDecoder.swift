import Foundation
import YAMLLite
import EvalKitMatchers
import EvalKitSupport
import EvalKitResults

/// Decodes a parsed suite file with the schema of SPEC §4.1: every key known, every value
/// typed, every error at the key or value it is about.
struct SuiteDecoder {
    static let topKeys = ["suite", "description", "default_target", "targets", "defaults", "gate", "golden_matcher", "golden_strict", "cases", "cases_from"]
    static let settingsKeys = ["temperature", "top_p", "top_k", "max_tokens", "stop", "seed"]
    static let targetKeys = ["provider", "system", "template"] + settingsKeys + ["max_concurrency", "rate_limit", "ca_file", "price", "batch_discount", "batch"]
    static let defaultsKeys = ["template", "system", "vars"] + settingsKeys + ["repeat", "pass_if", "expect", "timeout"]
    static let caseKeys = ["id", "prompt", "vars", "expect", "tags", "system", "template"] + settingsKeys + ["repeat", "pass_if", "timeout"]
    static let gateKeys = ["min_pass_rate", "max_regressions", "significant_regression", "max_error_rate", "max_cost"]
    /// The keys of a target's `price`, both required.
    static let priceKeys = ["input", "output"]

    /// A case with what the loader still needs to check it: where its id is and where it came from.
    struct LoadedCase {
        var testCase: Suite.Case
        var idMark: Mark
        /// The dataset row the case came from; nil for an inline case.
        var dataset: RowPlace?
        var passIfMark: Mark?
        /// Whether the id was derived from the prompt rather than given.
        var derivedID = false
    }

    let reader: SchemaReader
    /// The suite file's folder, absolute.
    let directory: URL
    /// Whether the datasets' cases go to a spool as they are read and checked, rather than into
    /// `Suite.cases` (SPEC §11).
    var streamsDatasets = false
    var source: SourceFile { reader.source }

    func decode(_ root: Node?) throws(Diagnostic) -> Suite {
        let top = Mark(line: 1, column: 1)
        guard let root else {
            throw reader.error("the suite file is empty: it needs at least suite, targets and cases", at: top)
        }
        guard let entries = root.entries else {
            throw reader.error("a suite file is a mapping of keys such as suite, targets and cases, got \(root.kindName)", at: root.mark.isNone ? top : root.mark)
        }
        try reader.checkKeys(entries, allowed: Self.topKeys, in: "the suite")
        func value(_ key: String) -> Node? { entries.first { $0.key == key }?.value }

        let nameNode = try reader.require("suite", in: entries, of: "the suite", at: top)
        let name = try reader.string(nameNode, "suite")
        guard CaseID.isValid(name), name != ".", name != ".." else {
            throw reader.error("suite name '\(name)' may use only letters, digits, '.', '_' and '-', and is not '.' or '..' (it names the golden folder)", at: nameNode.mark)
        }
        let description = try value("description").map { node throws(Diagnostic) in try reader.string(node, "description") }

        let targetsNode = try reader.require("targets", in: entries, of: "the suite", at: top)
        let targets = try decodeTargets(targetsNode)
        let defaultTarget = try decodeDefaultTarget(value("default_target"), targets: targets, at: top)

        var defaultsPassIfMark: Mark?
        var defaults = Suite.Defaults()
        if let node = value("defaults") {
            (defaults, defaultsPassIfMark) = try decodeDefaults(node)
        }
        var gate = GateConfig()
        if let node = value("gate") { gate = try decodeGate(node) }
        var goldenMatcher: String?
        if let node = value("golden_matcher") { goldenMatcher = try decodeGoldenMatcher(node) }
        let goldenStrict = try value("golden_strict").map { node throws(Diagnostic) in try reader.boolean(node, "golden_strict") } ?? false

        guard value("cases") != nil || value("cases_from") != nil else {
            throw reader.error("missing required key 'cases' or 'cases_from': a suite needs cases", at: top)
        }
        var cases: [LoadedCase] = []
        if let node = value("cases") {
            guard let items = node.items else {
                throw reader.error("cases expects a list of cases, got \(SchemaReader.describe(node))", at: node.mark)
            }
            for item in items { cases.append(try decodeCase(item)) }
        }
        var datasetCases: DatasetCases?
        if let node = value("cases_from") {
            let datasets = DatasetReader(reader: reader, directory: directory)
            if streamsDatasets {
                datasetCases = try streamDatasets(node, with: datasets, inline: cases, targets: targets, defaults: defaults, defaultsPassIfMark: defaultsPassIfMark)
            } else {
                cases += try datasets.cases(from: node)
            }
        }

        try checkUniqueIDs(cases)
        for loaded in cases { try checkRepeats(loaded, defaults: defaults, defaultsPassIfMark: defaultsPassIfMark) }
        for loaded in cases { try checkTemplates(loaded, targets: targets, defaults: defaults) }

        return Suite(
            name: name, description: description, source: source, directory: directory,
            defaultTarget: defaultTarget, targets: targets.map(Self.publicTarget),
            defaults: Self.publicDefaults(defaults), gate: gate, goldenMatcher: goldenMatcher, goldenStrict: goldenStrict,
            cases: cases.map { Self.publicCase($0.testCase) }, datasetCases: datasetCases)
    }

    /// Reads the datasets' cases into a spool, checking each as the held cases are checked,
    /// without holding them: a case id is remembered only as a few bits of a Bloom filter, and
    /// the datasets are read again for the ids it suspects only when it suspects some. Errors
    /// come in the order a held suite gives them: a row's own error at once, then duplicate ids,
    /// then repeats, then templates, each the first in suite order.
    private func streamDatasets(
        _ node: Node, with datasets: DatasetReader, inline: [LoadedCase], targets: [Suite.Target], defaults: Suite.Defaults, defaultsPassIfMark: Mark?
    ) throws(Diagnostic) -> DatasetCases {
        var writer: DatasetCases.Writer
        do {
            writer = try DatasetCases.Writer()
        } catch {
            throw reader.error("cannot spool the datasets' cases: \(error)", at: node.mark)
        }
        var seen = BloomFilter()
        var suspects: Set<String> = []
        for loaded in inline where seen.insert(loaded.testCase.id) { suspects.insert(loaded.testCase.id) }
        var repeatsError: Diagnostic?
        var templateError: Diagnostic?
        func check(_ loaded: LoadedCase) {
            if repeatsError == nil {
                do { try checkRepeats(loaded, defaults: defaults, defaultsPassIfMark: defaultsPassIfMark) } catch { repeatsError = error }
            }
            if templateError == nil {
                do { try checkTemplates(loaded, targets: targets, defaults: defaults) } catch { templateError = error }
            }
        }
        for loaded in inline { check(loaded) }
        var path: String?
        try datasets.forEachCase(from: node) { (loaded) throws(Diagnostic) in
            if seen.insert(loaded.testCase.id) { suspects.insert(loaded.testCase.id) }
            check(loaded)
            if loaded.dataset?.path != path {
                path = loaded.dataset?.path
                writer.startDataset(path: path ?? "")
            }
            do {
                try writer.add(loaded.testCase)
            } catch {
                throw reader.error("cannot spool the datasets' cases: \(error)", at: node.mark)
            }
        }
        if !suspects.isEmpty {
            var candidates = inline
            try datasets.forEachCase(from: node) { (loaded) throws(Diagnostic) in
                if suspects.contains(loaded.testCase.id) { candidates.append(loaded) }
            }
            try checkUniqueIDs(candidates)
        }
        if let repeatsError { throw repeatsError }
        if let templateError { throw templateError }
        do {
            return try writer.finish()
        } catch {
            throw reader.error("cannot spool the datasets' cases: \(error)", at: node.mark)
        }
    }

    // MARK: Targets

    private func decodeTargets(_ node: Node) throws(Diagnostic) -> [Suite.Target] {
        let entries = try reader.entries(node, of: "targets")
        guard !entries.isEmpty else {
            throw reader.error("targets must name at least one target", at: node.mark)
        }
        var targets: [Suite.Target] = []
        for entry in entries {
            guard CaseID.isValid(entry.key), !entry.key.contains(".") else {
                throw reader.error("target name '\(entry.key)' may use only letters, digits, '_' and '-'", at: entry.keyMark)
            }
            targets.append(try decodeTarget(named: entry.key, entry.value, keyMark: entry.keyMark))
        }
        return targets
    }

    private func decodeTarget(named name: String, _ node: Node, keyMark: Mark) throws(Diagnostic) -> Suite.Target {
        let context = "target '\(name)'"
        let entries = try reader.entries(node, of: context)
        let mapping = node.isNull || node.mark.isNone ? keyMark : node.mark
        if !entries.contains(where: { $0.key == "provider" }) {
            try reader.checkKeys(entries, allowed: Self.targetKeys + ProviderSchema.allFields, in: context)
        }
        let providerNode = try reader.require("provider", in: entries, of: context, at: mapping)
        let provider = try reader.string(providerNode, "provider")
        guard let providerFields = ProviderSchema.fields[provider] else {
            throw reader.error("unknown provider '\(provider)'" + EditDistance.suggestion(provider, in: ProviderSchema.names), at: providerNode.mark)
        }
        try reader.checkKeys(entries, allowed: Self.targetKeys + providerFields, in: context) { key in
            guard ProviderSchema.allFields.contains(key) else { return nil }
            return "'\(key)' is not a field of provider \(provider) (its fields: \(providerFields.joined(separator: ", ")))"
        }
        var expander = FieldExpander(mode: .check, target: name)
        let config = try ProviderSchema.config(of: entries, provider: provider, mapping: mapping, target: name, reader: reader, expander: &expander)
        func value(_ key: String) -> Node? { entries.first { $0.key == key }?.value }

        var target = Suite.Target(name: name, mark: keyMark, provider: provider, model: config.model, node: node)
        if let node = value("system") {
            target.system = try expander.expand(try reader.string(node, "system"), at: node, field: "system", reader: reader)
        }
        target.template = try value("template").map { node throws(Diagnostic) in try decodeTemplate(node) }
        target.settings = try decodeSettings(entries)
        target.maxConcurrency = try value("max_concurrency").map { node throws(Diagnostic) in try reader.integer(node, "max_concurrency", .concurrency) }
        target.rateLimit = try value("rate_limit").map { node throws(Diagnostic) in try reader.number(node, "rate_limit", .rateLimit) }
        target.caFile = try value("ca_file").map { node throws(Diagnostic) in try decodeCAFile(node) }
        target.price = try decodePrice(entries.first { $0.key == "price" }, batchDiscount: value("batch_discount"), target: name)
        if let node = value("batch") {
            target.batch = try reader.boolean(node, "batch")
            if target.batch && !ProviderConfig.withBatchAPI.contains(provider) {
                throw reader.error("batch: provider \(provider) has no batch API; the providers that have one: \(ProviderConfig.withBatchAPI.joined(separator: ", "))", at: node.mark)
            }
        }
        return target
    }

    /// A target's `price` (US dollars per million tokens, both required) with its `batch_discount`.
    private func decodePrice(_ entry: Node.Entry?, batchDiscount: Node?, target: String) throws(Diagnostic) -> Price? {
        guard let entry else {
            if let batchDiscount {
                throw reader.error("batch_discount is a share of target '\(target)'s price, which it does not set; add price: {input: USD, output: USD} (US dollars per million tokens)", at: batchDiscount.mark)
            }
            return nil
        }
        let context = "price of target '\(target)'"
        let node = entry.value
        let entries = try reader.entries(node, of: "price")
        try reader.checkKeys(entries, allowed: Self.priceKeys, in: context)
        let mark = node.isNull || node.mark.isNone ? entry.keyMark : node.mark
        var amounts: [Double] = []
        for key in Self.priceKeys {
            let value = try reader.require(key, in: entries, of: context + " (US dollars per million tokens, such as price: {input: 0.30, output: 2.50})", at: mark)
            amounts.append(try reader.number(value, "price.\(key)", .price))
        }
        let discount = try batchDiscount.map { node throws(Diagnostic) in try reader.number(node, "batch_discount", .share) } ?? Price.defaultBatchDiscount
        return Price(input: amounts[0], output: amounts[1], batchDiscount: discount)
    }

    /// A target's `ca_file`: a PEM bundle, relative to the suite's folder, that must exist as a file.
    private func decodeCAFile(_ node: Node) throws(Diagnostic) -> String {
        let text = try reader.string(node, "ca_file")
        guard !text.isEmpty else {
            throw reader.error("ca_file expects the path of a PEM file of CA certificates (relative to the suite file), got an empty string", at: node.mark)
        }
        let path = text.hasPrefix("/") ? text : directory.appendingPathComponent(text).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            let what = isDirectory.boolValue ? "is a folder, not a PEM file" : "does not exist"
            throw reader.error("ca_file '\(text)' \(what) (looked for \(path)); it names a PEM file of CA certificates, relative to the suite file", at: node.mark)
        }
        return path
    }

    private func decodeDefaultTarget(_ node: Node?, targets: [Suite.Target], at top: Mark) throws(Diagnostic) -> String {
        let names = targets.map(\.name)
        guard let node else {
            if names.count == 1 { return names[0] }
            throw reader.error("missing required key 'default_target': the suite has several targets (\(names.joined(separator: ", "))), so name the one to run by default", at: top)
        }
        let name = try reader.string(node, "default_target")
        guard names.contains(name) else {
            throw reader.error("default_target '\(name)' is not a target" + EditDistance.didYouMean(name, in: names) + "; targets are " + names.joined(separator: ", "), at: node.mark)
        }
        return name
    }

    // MARK: Defaults, gate, settings

    private func decodeDefaults(_ node: Node) throws(Diagnostic) -> (Suite.Defaults, Mark?) {
        let entries = try reader.entries(node, of: "defaults")
        try reader.checkKeys(entries, allowed: Self.defaultsKeys, in: "defaults")
        func value(_ key: String) -> Node? { entries.first { $0.key == key }?.value }
        var defaults = Suite.Defaults()
        defaults.template = try value("template").map { node throws(Diagnostic) in try decodeTemplate(node) }
        defaults.system = try value("system").map { node throws(Diagnostic) in try reader.string(node, "system") }
        defaults.vars = try value("vars").map { node throws(Diagnostic) in try decodeVars(node) } ?? [:]
        defaults.settings = try decodeSettings(entries)
        defaults.repeatCount = try value("repeat").map { node throws(Diagnostic) in try reader.integer(node, "repeat", .repeatCount) }
        defaults.passIf = try value("pass_if").map { node throws(Diagnostic) in try decodePassRule(node) }
        defaults.expect = try value("expect").map { node throws(Diagnostic) in try decodeExpectation(node) } ?? []
        defaults.timeout = try value("timeout").map { node throws(Diagnostic) in try reader.number(node, "timeout", .timeout) }
        return (defaults, value("pass_if")?.mark)
    }

    private func decodeGate(_ node: Node) throws(Diagnostic) -> GateConfig {
        let entries = try reader.entries(node, of: "gate")
        try reader.checkKeys(entries, allowed: Self.gateKeys, in: "gate")
        var gate = GateConfig()
        for entry in entries {
            switch entry.key {
            case "min_pass_rate": gate.minPassRate = try reader.number(entry.value, entry.key, .share)
            case "max_regressions": gate.maxRegressions = try reader.integer(entry.value, entry.key, .maxRegressions)
            case "significant_regression": gate.significantRegression = try reader.number(entry.value, entry.key, .share)
            case "max_cost": gate.maxCost = try reader.number(entry.value, entry.key, .maxCost)
            default: gate.maxErrorRate = try reader.number(entry.value, entry.key, .share)
            }
        }
        return gate
    }

    private func decodeGoldenMatcher(_ node: Node) throws(Diagnostic) -> String {
        let name = try reader.string(node, "golden_matcher")
        guard MatcherDecoder.isValidGoldenMatcherName(name) else {
            let usable = MatcherDecoder.goldenMatcherNames
            if MatcherDecoder.names.contains(name) {
                throw reader.error("golden_matcher '\(name)' cannot compare an output with a golden output; use one of " + usable.joined(separator: ", "), at: node.mark)
            }
            throw reader.error("unknown matcher '\(name)' for golden_matcher" + EditDistance.suggestion(name, in: usable), at: node.mark)
        }
        return name
    }

    private func decodeSettings(_ entries: [Node.Entry]) throws(Diagnostic) -> GenerationSettings {
        var settings = GenerationSettings()
        for entry in entries where Self.settingsKeys.contains(entry.key) {
            let node = entry.value
            switch entry.key {
            case "temperature": settings.temperature = try reader.number(node, entry.key, .temperature)
            case "top_p": settings.topP = try reader.number(node, entry.key, .share)
            case "top_k": settings.topK = try reader.integer(node, entry.key, .topK)
            case "max_tokens": settings.maxTokens = try reader.integer(node, entry.key, .maxTokens)
            case "stop": settings.stop = try reader.stringList(node, entry.key)
            default: settings.seed = try reader.integer(node, entry.key, .seed)
            }
        }
        return settings
    }

    private func decodeTemplate(_ node: Node) throws(Diagnostic) -> Suite.Template {
        Suite.Template(text: try reader.string(node, "template"), path: source.path, mark: node.mark)
    }

    private func decodeVars(_ node: Node) throws(Diagnostic) -> [String: String] {
        var vars: [String: String] = [:]
        for (entry, text) in try reader.stringMapping(node, "vars") {
            guard !entry.key.isEmpty, entry.key.unicodeScalars.allSatisfy(Suite.Template.isNameScalar) else {
                throw reader.error("var name '\(entry.key)' may use only letters, digits, '.', '_' and '-'", at: entry.keyMark)
            }
            guard entry.key != "prompt" else {
                throw reader.error("'prompt' cannot be a var: {{prompt}} is always the case's prompt", at: entry.keyMark)
            }
            vars[entry.key] = text
        }
        return vars
    }

    private func decodePassRule(_ node: Node) throws(Diagnostic) -> PassRule {
        switch node.scalar {
        case "all": return .all
        case "majority": return .majority
        case .some(let text):
            switch NumberRange.repeatCount.wholeNumber(text) {
            case .success(let count): return .atLeast(count)
            case .failure(.outOfRange):
                throw reader.error("pass_if must be all, majority or \(NumberRange.repeatCount), got \(text)", at: node.mark)
            case .failure(.notANumber): break
            }
        case .none: break
        }
        throw reader.error("pass_if expects all, majority or a whole number of samples, got \(SchemaReader.describe(node))", at: node.mark)
    }

    private func decodeExpectation(_ node: Node) throws(Diagnostic) -> [any Matcher] {
        do {
            return try MatcherDecoder.decodeExpectation(node, in: source, directory: directory)
        } catch {
            throw reader.relocate(error)
        }
    }

    // MARK: Cases

    private func decodeCase(_ node: Node) throws(Diagnostic) -> LoadedCase {
        let entries = try reader.entries(node, of: "a case")
        try reader.checkKeys(entries, allowed: Self.caseKeys, in: "a case")
        func value(_ key: String) -> Node? { entries.first { $0.key == key }?.value }
        let promptNode = try reader.require("prompt", in: entries, of: "a case", at: node.mark)
        let prompt = try reader.string(promptNode, "prompt")
        let id: String
        let idMark: Mark
        if let idNode = value("id") {
            id = try reader.string(idNode, "id")
            idMark = idNode.mark
            guard CaseID.isValid(id) else {
                throw reader.error("case id '\(id)' may use only letters, digits, '.', '_' and '-'", at: idNode.mark)
            }
        } else {
            id = CaseID.derive(from: prompt)
            idMark = promptNode.mark
            guard !id.isEmpty else {
                throw reader.error("cannot derive a case id from prompt \(Visible.quoted(prompt, limit: 40)): give the case an explicit id", at: promptNode.mark)
            }
        }
        var testCase = Suite.Case(id: id, path: source.path, mark: node.mark, prompt: prompt)
        testCase.vars = try value("vars").map { node throws(Diagnostic) in try decodeVars(node) } ?? [:]
        testCase.expect = try value("expect").map { node throws(Diagnostic) in try decodeExpectation(node) } ?? []
        testCase.tags = try value("tags").map { node throws(Diagnostic) in try reader.tags(node) } ?? []
        testCase.system = try value("system").map { node throws(Diagnostic) in try reader.string(node, "system") }
        testCase.template = try value("template").map { node throws(Diagnostic) in try decodeTemplate(node) }
        testCase.settings = try decodeSettings(entries)
        testCase.repeatCount = try value("repeat").map { node throws(Diagnostic) in try reader.integer(node, "repeat", .repeatCount) }
        testCase.passIf = try value("pass_if").map { node throws(Diagnostic) in try decodePassRule(node) }
        testCase.timeout = try value("timeout").map { node throws(Diagnostic) in try reader.number(node, "timeout", .timeout) }
        return LoadedCase(testCase: testCase, idMark: idMark, dataset: nil, passIfMark: value("pass_if")?.mark, derivedID: value("id") == nil)
    }

    /// An error at `mark` in the case's file.
    private func error(_ message: String, at mark: Mark, in loaded: LoadedCase) -> Diagnostic {
        loaded.dataset.map { $0.diagnostic(message, at: mark) } ?? reader.error(message, at: mark)
    }

    private func place(_ loaded: LoadedCase) -> String {
        guard let dataset = loaded.dataset else { return reader.place(loaded.idMark) }
        return "\(dataset.path):\(loaded.idMark.line):\(loaded.idMark.column)"
    }

    private func checkUniqueIDs(_ cases: [LoadedCase]) throws(Diagnostic) {
        var first: [String: Int] = [:]
        for (index, loaded) in cases.enumerated() {
            let id = loaded.testCase.id
            if let earlier = first[id] {
                let hint = loaded.derivedID || cases[earlier].derivedID ? ": set an explicit id on one of them" : ""
                throw error("duplicate case id '\(id)' (also at \(place(cases[earlier]))); ids are unique within a suite\(hint)", at: loaded.idMark, in: loaded)
            }
            first[id] = index
        }
    }

    private func checkRepeats(_ loaded: LoadedCase, defaults: Suite.Defaults, defaultsPassIfMark: Mark?) throws(Diagnostic) {
        let testCase = loaded.testCase
        guard case .atLeast(let count) = testCase.passIf ?? defaults.passIf else { return }
        let samples = testCase.repeatCount ?? defaults.repeatCount ?? 1
        guard count > samples else { return }
        let message = "pass_if \(count) is more than the \(samples) sample\(samples == 1 ? "" : "s") of case '\(testCase.id)' (set repeat to at least \(count))"
        if testCase.passIf != nil, let mark = loaded.passIfMark {
            throw reader.error(message, at: mark)
        }
        throw reader.error(message, at: defaultsPassIfMark ?? .none)
    }

    /// Every template a case could render with, on every target, knows every name it uses.
    private func checkTemplates(_ loaded: LoadedCase, targets: [Suite.Target], defaults: Suite.Defaults) throws(Diagnostic) {
        let testCase = loaded.testCase
        let templates = testCase.template.map { [$0] } ?? targets.compactMap { $0.template ?? defaults.template }
        guard !templates.isEmpty else { return }
        let known = Set(defaults.vars.keys).union(testCase.vars.keys)
        for template in templates {
            guard let (name, mark) = template.firstUnknownName(knowing: known, in: source) else { continue }
            let vars = known.sorted()
            let have = vars.isEmpty ? "it has no vars" : "its vars: " + vars.joined(separator: ", ")
            let origin = loaded.dataset.map { " (\($0.path):\(testCase.mark.line))" } ?? ""
            throw reader.error("template uses {{\(name)}}, which case '\(testCase.id)'\(origin) does not define (\(have))" + EditDistance.didYouMean(name, in: ["prompt"] + vars), at: mark)
        }
    }

    // MARK: Public values

    private static func publicTemplate(_ template: Suite.Template?) -> Suite.Template? {
        template.map { Suite.Template(text: $0.text, path: $0.path, mark: SchemaReader.publicMark($0.mark)) }
    }

    private static func publicTarget(_ target: Suite.Target) -> Suite.Target {
        var target = target
        target.mark = SchemaReader.publicMark(target.mark)
        target.node = SchemaReader.publicNode(target.node)
        target.template = publicTemplate(target.template)
        return target
    }

    private static func publicDefaults(_ defaults: Suite.Defaults) -> Suite.Defaults {
        var defaults = defaults
        defaults.template = publicTemplate(defaults.template)
        return defaults
    }

    private static func publicCase(_ testCase: Suite.Case) -> Suite.Case {
        var testCase = testCase
        testCase.mark = SchemaReader.publicMark(testCase.mark)
        testCase.template = publicTemplate(testCase.template)
        return testCase
    }
}
