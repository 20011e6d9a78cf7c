using System.Buffers.Binary;
using FaceChain.Pipeline.Engines;

namespace FaceChain.Pipeline.Storage;

/// <summary>
/// work/{jobId}/identity.bin: the chosen face's MobileFaceNet ID embedding (kept to verify outputs later) and the
/// model set's face tokens. Layout, all little-endian: "FCID" · int32 version (1) · int32 idLength · int32 tokenCount ·
/// int32 hiddenSize · float32[idLength] embedding · float32[tokenCount × hiddenSize] tokens.
/// </summary>
public sealed record StoredIdentity(float[] IdEmbedding, FaceTokens Tokens)
{
    public const int Version = 1;
    private const int HeaderBytes = 20;
    private const int MaxValues = 16 * 1024 * 1024;
    private static readonly byte[] Magic = "FCID"u8.ToArray();

    public byte[] ToBytes()
    {
        var tokens = Tokens.Values;
        if (tokens.Length != Tokens.TokenCount * Tokens.HiddenSize)
        {
            throw new InvalidOperationException($"face tokens have {tokens.Length} values, not {Tokens.TokenCount}×{Tokens.HiddenSize}");
        }

        var bytes = new byte[HeaderBytes + (4 * (IdEmbedding.Length + tokens.Length))];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], IdEmbedding.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], Tokens.TokenCount);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], Tokens.HiddenSize);
        var offset = HeaderBytes;
        foreach (var value in IdEmbedding.Concat(tokens))
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[offset..], value);
            offset += 4;
        }

        return bytes;
    }

    /// <summary>Parses identity.bin; anything malformed is an <see cref="InvalidDataException"/>.</summary>
    public static StoredIdentity FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderBytes || !bytes[..4].SequenceEqual(Magic))
        {
            throw new InvalidDataException("identity blob has no FCID header");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        var idLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        var tokenCount = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        var hiddenSize = BinaryPrimitives.ReadInt32LittleEndian(bytes[16..]);
        if (version != Version)
        {
            throw new InvalidDataException($"identity blob version {version} is not supported (expected {Version})");
        }

        if (idLength is < 0 or > MaxValues || tokenCount is <= 0 or > MaxValues || hiddenSize is <= 0 or > MaxValues
            || (long)tokenCount * hiddenSize > MaxValues)
        {
            throw new InvalidDataException($"identity blob header is out of range ({idLength}, {tokenCount}×{hiddenSize})");
        }

        var tokenLength = tokenCount * hiddenSize;
        if (bytes.Length != HeaderBytes + (4L * (idLength + tokenLength)))
        {
            throw new InvalidDataException($"identity blob is {bytes.Length} bytes; its header implies {HeaderBytes + (4L * (idLength + tokenLength))}");
        }

        var id = new float[idLength];
        var tokens = new float[tokenLength];
        var offset = HeaderBytes;
        for (var i = 0; i < idLength; i++, offset += 4)
        {
            id[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[offset..]);
        }

        for (var i = 0; i < tokenLength; i++, offset += 4)
        {
            tokens[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[offset..]);
        }

        return new StoredIdentity(id, new FaceTokens(tokens, tokenCount, hiddenSize));
    }
}
