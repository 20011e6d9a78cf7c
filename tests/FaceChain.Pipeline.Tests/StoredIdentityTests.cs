using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Storage;

namespace FaceChain.Pipeline.Tests;

public class StoredIdentityTests
{
    [Fact]
    public void Round_trips_embedding_and_tokens_exactly()
    {
        var identity = new StoredIdentity([0.5f, -0.25f, float.Epsilon], new FaceTokens([1, 2, 3, 4, 5, 6], 2, 3));
        var bytes = identity.ToBytes();
        Assert.Equal(20 + (4 * 9), bytes.Length);
        Assert.Equal("FCID"u8.ToArray(), bytes[..4]);
        var back = StoredIdentity.FromBytes(bytes);
        Assert.Equal(identity.IdEmbedding, back.IdEmbedding);
        Assert.Equal(identity.Tokens.Values, back.Tokens.Values);
        Assert.Equal((2, 3), (back.Tokens.TokenCount, back.Tokens.HiddenSize));
    }

    [Fact]
    public void Malformed_blobs_are_invalid_data()
    {
        var bytes = new StoredIdentity([1f], new FaceTokens([1, 2], 1, 2)).ToBytes();
        Assert.Throws<InvalidDataException>(() => StoredIdentity.FromBytes(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Throws<InvalidDataException>(() => StoredIdentity.FromBytes("NOPE"u8));
        var hugeHeader = (byte[])bytes.Clone();
        BitConverter.TryWriteBytes(hugeHeader.AsSpan(12), int.MaxValue);
        Assert.Throws<InvalidDataException>(() => StoredIdentity.FromBytes(hugeHeader));
    }
}
