namespace FaceChain.Cli.Remote;

/// <summary>The 202 body of POST /api/portraits, as far as the client needs it.</summary>
public sealed record RemoteJobAccepted(string JobId, bool AlreadyExisted, Uri StatusUri);
