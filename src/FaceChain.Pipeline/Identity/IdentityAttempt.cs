using System.Text.Json.Serialization;

namespace FaceChain.Pipeline.Identity;

/// <summary>One image made for an output: its attempt number (from 1), seed (a string in JSON) and identity score.</summary>
public sealed record IdentityAttempt(
    int Attempt,
    [property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] ulong Seed,
    double Score,
    bool FaceFound);
