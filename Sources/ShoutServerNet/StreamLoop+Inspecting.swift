import Glibc
import ShoutCore

/// The kernel's view of the open connections, read on the loop's thread when the screen asks (see
/// ``ConnectionInspection``): only here is a descriptor known to be the connection it was accepted as.
extension StreamLoop {
    /// Reads `TCP_INFO` of the open connections asked about and publishes them; at most once per wake-up, and only
    /// when asked, so serving pays nothing for it otherwise.
    func inspectConnections(_ state: inout State) {
        guard let wanted = inspection.takeRequest() else { return }
        var view: [Int: TCPConnectionInfo] = [:]
        view.reserveCapacity(wanted.count)
        for connection in state.connections.values
        where !connection.isClosed && wanted.contains(connection.answerer.id) {
            if let info = ConnectionInspection.info(of: connection.descriptor) {
                view[connection.answerer.id] = info
            }
        }
        inspection.publish(view)
    }
}
