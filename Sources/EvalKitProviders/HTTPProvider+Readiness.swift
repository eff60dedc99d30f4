extension HTTPProvider: ReadinessProbing {
    /// One request with the first case's prompt.
    public func readiness(firstCase: ModelRequest) async -> Readiness {
        do {
            _ = try await complete(firstCase)
            return Readiness(.ready, "answered the first case's prompt")
        } catch {
            return Readiness(error)
        }
    }
}
