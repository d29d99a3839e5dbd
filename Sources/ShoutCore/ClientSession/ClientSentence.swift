/// Sentences about a client's lines that every view says the same way (the screen's transcript, the plain client).
public enum ClientSentence {
    /// A TCP line whose reply is slow, as the transcript says it: waiting, not lost.
    public static func waiting(_ text: [UInt8], waited: Duration) -> String {
        "still waiting after \(NumberText.duration(waited)) for the reply to \"\(VisibleText.escapeStart(text))\": "
            + "TCP delivers the line or ends the connection, so it is not lost"
    }

    /// A line over UDP's limit, as the transcript says it.
    public static func tooLargeForUDP(_ text: [UInt8], size: Int) -> String {
        "not sent: the line is \(NumberText.grouped(size)) bytes, over UDP's limit of "
            + "\(NumberText.grouped(ClientSession.largestDatagram)) for one datagram: \"\(VisibleText.escapeStart(text))\""
    }
}
