extension ReferenceProvider: ReadinessProbing {
    public func readiness(firstCase: ModelRequest) async -> Readiness {
        Readiness(.ready, "built in")
    }
}
