using FaceChain.Diffusion.Lora;
using FaceChain.Diffusion.ModelSets;
using FaceChain.Testing.Lora;
using FaceChain.TinyModels;

namespace FaceChain.Diffusion.Tests.Lora;

public sealed class LoraMappingTests(LoraModelSetFixture sets) : IClassFixture<LoraModelSetFixture>
{
    [Fact]
    public void Generated_mapping_names_real_initializers_with_their_shapes()
    {
        var mapping = sets.Single.Mapping;
        Assert.Contains(mapping.Targets, t => t.Component == ComponentNames.UNet && t.ModulePath == FactUNetGraph.TextAttention + ".to_q" && t.Transposed);
        Assert.Contains(mapping.Targets, t => t.Component == ComponentNames.UNet && t.ModulePath == "conv_in" && !t.Transposed && t.Shape.Count == 4);
        Assert.Contains(mapping.Targets, t => t.Component == ComponentNames.TextEncoder && t.ModulePath == TextEncoderGraph.MlpModule);

        foreach (var component in new[] { ComponentNames.UNet, ComponentNames.TextEncoder })
        {
            var targets = mapping.Targets.Where(t => t.Component == component).ToList();
            // Throws if any mapped initializer is missing or has another shape or dtype.
            var weights = OnnxInitializerReader.Read(sets.Single.BaseSet.Get(component).Path, targets);
            Assert.Equal(targets.Count, weights.Count);
        }

        var half = sets.Half.Mapping.Targets.ToList();
        Assert.All(half, t => Assert.True(t.IsHalfPrecision));
        Assert.Equal(half.Count(t => t.Component == ComponentNames.UNet),
            OnnxInitializerReader.Read(sets.Half.BaseSet.Get(ComponentNames.UNet).Path, [.. half.Where(t => t.Component == ComponentNames.UNet)]).Count);
    }

    [Fact]
    public void Kohya_and_diffusers_layouts_resolve_to_the_same_layers()
    {
        var lora = new GeneratedLora(sets.Single.Mapping.Targets, rank: 2, alpha: 1f, seed: 3);
        var kohya = LoadLora(lora.Kohya(halfPrecision: false));
        var diffusers = LoadLora(lora.Diffusers());

        Assert.Equal(sets.Single.Mapping.Targets.Count, kohya.Layers.Count);
        Assert.Equal(kohya.Layers.Select(l => l.Target), diffusers.Layers.Select(l => l.Target));
        for (int i = 0; i < kohya.Layers.Count; i++)
        {
            Assert.Equal(kohya.Layers[i].Down, diffusers.Layers[i].Down);
            Assert.Equal(kohya.Layers[i].Up, diffusers.Layers[i].Up);
            Assert.Equal(kohya.Layers[i].Scale, diffusers.Layers[i].Scale);
        }
    }

    [Fact]
    public void Unmapped_keys_are_reported_and_the_rest_applies()
    {
        var lora = new GeneratedLora(sets.Single.Mapping.Targets.Take(2), rank: 2, alpha: 2f, seed: 4);
        var builder = lora.Kohya()
            .AddF32("lora_unet_up_blocks_3_attentions_2_transformer_blocks_0_attn1_to_q.lora_down.weight", new float[4], 2, 2)
            .AddF32("lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_q.hada_w1_a", new float[4], 2, 2)
            .AddF32("some_other_tensor", new float[2], 2);

        var adapter = LoadLora(builder);

        Assert.Equal(2, adapter.Layers.Count);
        Assert.Equal(3, adapter.UnmappedKeys.Count);
        Assert.Contains(adapter.UnmappedKeys, k => k.Key.Contains("up_blocks_3", StringComparison.Ordinal) && k.Reason.Contains("not in the model set's LoRA mapping", StringComparison.Ordinal));
        Assert.Contains(adapter.UnmappedKeys, k => k.Key.EndsWith("hada_w1_a", StringComparison.Ordinal) && k.Reason.Contains("LoHa", StringComparison.Ordinal));
        Assert.Contains(adapter.UnmappedKeys, k => k.Key == "some_other_tensor" && k.Reason.Contains("not a LoRA key", StringComparison.Ordinal));
    }

    [Fact]
    public void A_lora_that_maps_to_nothing_is_an_error()
    {
        var builder = new SafetensorsBuilder()
            .AddF32("lora_unet_mid_block_attentions_0_proj_in.lora_down.weight", new float[8], 2, 4)
            .AddF32("lora_unet_mid_block_attentions_0_proj_in.lora_up.weight", new float[8], 4, 2);

        var e = Assert.Throws<LoraException>(() => LoadLora(builder));

        Assert.Contains("maps to nothing", e.Message, StringComparison.Ordinal);
        Assert.Contains("mid_block_attentions_0_proj_in", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factors_that_do_not_fit_the_weight_are_an_error()
    {
        var target = sets.Single.Mapping.Targets.First(t => t.ModulePath == FactUNetGraph.TextAttention + ".to_k");
        string name = LoraMapping.KohyaName(target.Component, target.ModulePath);
        var builder = new SafetensorsBuilder()
            .AddF32(name + ".lora_down.weight", new float[2 * 7], 2, 7)
            .AddF32(name + ".lora_up.weight", new float[target.OutFeatures * 2], target.OutFeatures, 2);

        var e = Assert.Throws<LoraException>(() => LoadLora(builder));
        Assert.Contains("do not fit the weight", e.Message, StringComparison.Ordinal);

        var upOnly = new SafetensorsBuilder().AddF32(name + ".lora_up.weight", new float[target.OutFeatures * 2], target.OutFeatures, 2);
        Assert.Contains("needs both the down", Assert.Throws<LoraException>(() => LoadLora(upOnly)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mapping_generated_from_other_weights_is_refused()
    {
        var folder = sets.Folder("stale");
        TinyModelSetWriter.Write(folder, new TinyModelSetOptions { Seed = 99 });
        File.Copy(Path.Combine(sets.Folder("fp32"), LoraMapping.FileName), Path.Combine(folder, LoraMapping.FileName), overwrite: true);

        var e = Assert.Throws<LoraException>(() => LoraMapping.Load(folder, ModelSetLoader.ReadManifest(folder)));

        Assert.Contains("regenerate the mapping", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Base_weights_are_read_from_external_data_like_a_large_unet_export()
    {
        var source = sets.Single.BaseSet.Get(ComponentNames.UNet).Path;
        var targets = sets.Single.Mapping.Targets.Where(t => t.Component == ComponentNames.UNet).ToList();
        var embedded = OnnxInitializerReader.Read(source, targets);

        // Move every mapped weight into one side file, as torch.onnx.export(..., external_data=True) does.
        var folder = sets.Folder("external-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        Onnx.ModelProto model;
        using (var stream = File.OpenRead(source))
        {
            model = Onnx.ModelProto.Parser.ParseFrom(stream);
        }

        using (var data = File.Create(Path.Combine(folder, "weights.bin")))
        {
            data.Write(new byte[13]); // a non-zero first offset
            foreach (var tensor in model.Graph.Initializer.Where(t => targets.Any(x => x.Initializer == t.Name)))
            {
                long offset = data.Position;
                data.Write(tensor.RawData.Span);
                tensor.ExternalData.Add(new Onnx.StringStringEntryProto { Key = "location", Value = "weights.bin" });
                tensor.ExternalData.Add(new Onnx.StringStringEntryProto { Key = "offset", Value = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                tensor.ExternalData.Add(new Onnx.StringStringEntryProto { Key = "length", Value = tensor.RawData.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                tensor.DataLocation = Onnx.TensorProto.Types.DataLocation.External;
                tensor.RawData = Google.Protobuf.ByteString.Empty;
            }
        }

        var external = Path.Combine(folder, "model.onnx");
        File.WriteAllBytes(external, Google.Protobuf.MessageExtensions.ToByteArray(model));

        var read = OnnxInitializerReader.Read(external, targets);

        Assert.Equal(embedded.Keys.Order(), read.Keys.Order());
        foreach (var (name, weight) in embedded)
        {
            Assert.Equal(weight.Single, read[name].Single);
        }
    }

    private LoraAdapter LoadLora(SafetensorsBuilder builder) => LoraAdapter.Load(builder.Write(sets.NewFile("lora.safetensors")), sets.Single.Mapping);
}
