import ShoutClientNet

/// A socket a check opens: closed, and the close awaited, before the check returns (see ``closing(_:_:)``).
protocol ProbeClosing: Sendable {
    func close() async
}

extension TCPProbeConnection: ProbeClosing {}
extension UDPProbeSocket: ProbeClosing {}
extension ClientSocket: ProbeClosing {}

/// Runs `body` with `probes`, then closes every one of them and waits until they are closed, whatever `body`
/// returns: a check leaves no socket behind for a task nobody awaits to close.
func closing<Probe: ProbeClosing, Result>(
    _ probes: [Probe],
    _ body: ([Probe]) async -> Result
) async -> Result {
    let result = await body(probes)
    for probe in probes { await probe.close() }
    return result
}

/// The same for one socket.
func closing<Probe: ProbeClosing, Result>(_ probe: Probe, _ body: (Probe) async -> Result) async -> Result {
    await closing([probe]) { await body($0[0]) }
}
