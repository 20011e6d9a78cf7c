using System.Text;
using FaceChain.Diffusion.Lora;
using FaceChain.Testing.Lora;

namespace FaceChain.Diffusion.Tests.Lora;

public sealed class SafetensorsFileTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Reads_F32_F16_and_BF16_tensors_and_metadata()
    {
        float[] values = [1f, -2.5f, 0.375f, 65504f, -0.0f, 3f];
        var path = new SafetensorsBuilder()
            .Metadata("ss_network_dim", "4")
            .AddF32("a", values, 2, 3)
            .AddF16("b", values, 6)
            .AddBF16("c", values, 3, 2)
            .AddF32("scalar", [7f])
            .Write(_folder.File("ok.safetensors"));

        using var file = SafetensorsFile.Open(path);
        Assert.Equal("4", file.Metadata["ss_network_dim"]);
        Assert.Equal(4, file.Tensors.Count);
        Assert.Equal([2L, 3L], file.Get("a").Shape);
        Assert.Equal(values, file.ReadFloats("a"));
        Assert.Equal(values, file.ReadFloats("b")); // all exactly representable in float16
        Assert.Equal(values.Select(v => BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(v) & 0xFFFF0000)), file.ReadFloats("c"));
        Assert.Equal([7f], file.ReadFloats("scalar"));
        Assert.Empty(file.Get("scalar").Shape);
    }

    [Fact]
    public void Reads_a_tensor_larger_than_one_read_chunk()
    {
        var values = Enumerable.Range(0, 700_000).Select(i => (float)(i % 2048) - 1024f).ToArray();
        var path = new SafetensorsBuilder().AddF16("big", values, 700, 1000).Write(_folder.File("big.safetensors"));
        using var file = SafetensorsFile.Open(path);
        Assert.Equal(values, file.ReadFloats("big"));
    }

    public static TheoryData<string, string> HostileFiles() => new()
    {
        { "header-larger-than-file", "larger than the" },
        { "header-over-limit", "exceeds the limit" },
        { "too-short", "too short" },
        { "not-json", "not valid JSON" },
        { "not-an-object", "must be a JSON object" },
        { "offsets-past-end", "past the end" },
        { "overlapping", "overlaps" },
        { "gap", "unaccounted bytes" },
        { "trailing-bytes", "account for" },
        { "wrong-dtype-f64", "unsupported dtype 'F64'" },
        { "wrong-dtype-i64", "unsupported dtype 'I64'" },
        { "size-mismatch", "needs 24" },
        { "negative-dim", "non-negative integers" },
        { "reversed-offsets", "0 <= begin <= end" },
        { "ten-gigabytes-one-tensor", "per-tensor limit" },
        { "ten-gigabytes-total", "over the limit" },
        { "shape-overflow", "per-tensor limit" },
        { "invalid-utf8-key", "not valid UTF-8" },
        { "lone-surrogate-key", "lone surrogate" },
        { "duplicate-key", "appears twice" },
        { "metadata-not-strings", "must be a string" },
        { "missing-offsets", "data_offsets" },
        { "offsets-not-numbers", "data_offsets [\"a\", 4] must be two integers" },
        { "offsets-fractional", "data_offsets [0, 23.5] must be two integers" },
        { "nan-only", "only NaN" },
        { "some-infinite", "infinite" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void Hostile_file_is_rejected_with_a_clear_reason_and_bounded_memory(string name, string reason)
    {
        var path = _folder.File(name + ".safetensors");
        File.WriteAllBytes(path, Hostile(name));
        long before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<SafetensorsException>(() =>
        {
            using var file = SafetensorsFile.Open(path);
            foreach (var tensor in file.Tensors)
            {
                file.ReadFloats(tensor.Name);
            }
        });

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        // Claimed sizes (up to 10 GB) are refused from the header: nothing near them is ever allocated.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 << 20, "hostile file made the reader allocate more than 4 MB");
    }

    private static byte[] Hostile(string name)
    {
        const string Tensor = """{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}""";
        var data = new byte[24];
        return name switch
        {
            "header-larger-than-file" => SafetensorsBuilder.Compose(Encoding.UTF8.GetBytes(Tensor), data, claimedHeaderLength: 1_000_000),
            "header-over-limit" => SafetensorsBuilder.Compose(Encoding.UTF8.GetBytes(Tensor), data, claimedHeaderLength: ulong.MaxValue),
            "too-short" => [1, 2, 3],
            "not-json" => SafetensorsBuilder.Compose("{\"w\": [1, 2", data),
            "not-an-object" => SafetensorsBuilder.Compose("[1, 2, 3]", data),
            "offsets-past-end" => SafetensorsBuilder.Compose("""{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"x":{"dtype":"F32","shape":[4],"data_offsets":[24,40]}}""", data),
            "overlapping" => SafetensorsBuilder.Compose("""{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"x":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}}""", data),
            "gap" => SafetensorsBuilder.Compose("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}}""", data),
            "trailing-bytes" => SafetensorsBuilder.Compose("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", data),
            "wrong-dtype-f64" => SafetensorsBuilder.Compose("""{"w":{"dtype":"F64","shape":[3],"data_offsets":[0,24]}}""", data),
            "wrong-dtype-i64" => SafetensorsBuilder.Compose("""{"w":{"dtype":"I64","shape":[3],"data_offsets":[0,24]}}""", data),
            "size-mismatch" => SafetensorsBuilder.Compose("""{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}}""", data),
            "negative-dim" => SafetensorsBuilder.Compose("""{"w":{"dtype":"F32","shape":[-2,3],"data_offsets":[0,24]}}""", data),
            "reversed-offsets" => SafetensorsBuilder.Compose("""{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[24,0]}}""", data),
            "ten-gigabytes-one-tensor" => SafetensorsBuilder.Compose("""{"w":{"dtype":"F32","shape":[50000,50000],"data_offsets":[0,10000000000]}}""", data),
            "ten-gigabytes-total" => SafetensorsBuilder.Compose(TenGigabytesInManyTensors(), data),
            "shape-overflow" => SafetensorsBuilder.Compose("""{"w":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,24]}}""", data),
            "invalid-utf8-key" => SafetensorsBuilder.Compose([.. "{\"w"u8, 0xFF, 0xFE, .. "\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}"u8], data),
            "lone-surrogate-key" => SafetensorsBuilder.Compose("""{"w\ud800":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}""", data),
            "duplicate-key" => SafetensorsBuilder.Compose("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"w":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}}""", data),
            "metadata-not-strings" => SafetensorsBuilder.Compose("""{"__metadata__":{"rank":4},"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}""", data),
            "missing-offsets" => SafetensorsBuilder.Compose("""{"w":{"dtype":"F32","shape":[2,3]}}""", data),
            "offsets-not-numbers" => SafetensorsBuilder.Compose("""{"w":{"dtype":"F32","shape":[2,3],"data_offsets":["a", 4]}}""", data),
            "offsets-fractional" => SafetensorsBuilder.Compose("""{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0, 23.5]}}""", data),
            "nan-only" => new SafetensorsBuilder().AddF32("w", Enumerable.Repeat(float.NaN, 6).ToArray(), 2, 3).ToBytes(),
            "some-infinite" => new SafetensorsBuilder().AddF16("w", [1f, 2f, float.PositiveInfinity, 4f], 4).ToBytes(),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    // 25 tensors of 400 MB each: every one is under the per-tensor limit, together they claim 10 GB.
    private static string TenGigabytesInManyTensors()
    {
        const long Bytes = 400_000_000;
        var entries = Enumerable.Range(0, 25).Select(i =>
            $"\"t{i}\":{{\"dtype\":\"F32\",\"shape\":[{Bytes / 4}],\"data_offsets\":[{i * Bytes},{(i + 1) * Bytes}]}}");
        return "{" + string.Join(",", entries) + "}";
    }
}
