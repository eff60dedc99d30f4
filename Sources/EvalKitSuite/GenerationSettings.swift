/// Generation settings that a suite can set on defaults, a target or a case; nil means unset.
public struct GenerationSettings: Sendable, Equatable, Codable {
    public var temperature: Double?
    public var topP: Double?
    public var topK: Int?
    public var maxTokens: Int?
    public var stop: [String]?
    public var seed: Int?

    public init(temperature: Double? = nil, topP: Double? = nil, topK: Int? = nil, maxTokens: Int? = nil, stop: [String]? = nil, seed: Int? = nil) {
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.maxTokens = maxTokens
        self.stop = stop
        self.seed = seed
    }

    /// These settings with every field that `other` sets taking its value.
    public func overlaid(by other: GenerationSettings) -> GenerationSettings {
        GenerationSettings(
            temperature: other.temperature ?? temperature, topP: other.topP ?? topP, topK: other.topK ?? topK,
            maxTokens: other.maxTokens ?? maxTokens, stop: other.stop ?? stop, seed: other.seed ?? seed)
    }
}
