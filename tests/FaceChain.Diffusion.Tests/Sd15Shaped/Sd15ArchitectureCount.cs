namespace FaceChain.Diffusion.Tests.Sd15Shaped;

/// <summary>
/// Parameter counts of SD-1.5's UNet, ControlNet, CLIP text model and VAE written from their diffusers/transformers
/// configurations (block_out_channels, layers_per_block, cross_attention_dim, …), independently of the graph builder,
/// with every width divided by <c>divisor</c>. At divisor 1 they must give the published counts.
/// </summary>
internal static class Sd15ArchitectureCount
{
    public static long UNet(int d) => UNetCore(d, adapter: false);

    public static long UNetWithFaceAdapter(int d) => UNetCore(d, adapter: true);

    public static long FaceAdapter(int d) => UNetWithFaceAdapter(d) - UNet(d);

    public static long ControlNet(int d)
    {
        long[] c = Channels(d);
        long total = Time(d) + Conv(4, c[0], 3);
        long[] cond = [16 / d, 32 / d, 96 / d, 256 / d];
        total += Conv(3, cond[0], 3);
        for (int i = 0; i < 3; i++)
        {
            total += Conv(cond[i], cond[i], 3) + Conv(cond[i], cond[i + 1], 3);
        }

        total += Conv(cond[3], c[0], 3);
        var (down, residualChannels) = Down(d, adapter: false);
        total += down + Mid(d, adapter: false);
        total += residualChannels.Sum(ch => Conv(ch, ch, 1)) + Conv(c[3], c[3], 1);
        return total;
    }

    public static long ClipText(int d)
    {
        long h = 768 / d;
        long layer = Norm(h) + (4 * Linear(h, h)) + Norm(h) + Linear(h, 4 * h) + Linear(4 * h, h);
        return (49408 * h) + (77 * h) + (12 * layer) + Norm(h);
    }

    public static long VaeDecoder(int d)
    {
        long[] c = [128 / d, 256 / d, 512 / d, 512 / d];
        long total = Conv(4, 4, 1) + Conv(4, c[3], 3) + VaeMid(c[3]);
        long previous = c[3];
        for (int i = 0; i < 4; i++)
        {
            long output = c[3 - i];
            for (int j = 0; j < 3; j++)
            {
                total += VaeResnet(j == 0 ? previous : output, output);
            }

            total += i < 3 ? Conv(output, output, 3) : 0;
            previous = output;
        }

        return total + Norm(c[0]) + Conv(c[0], 3, 3);
    }

    public static long VaeEncoder(int d)
    {
        long[] c = [128 / d, 256 / d, 512 / d, 512 / d];
        long total = Conv(3, c[0], 3);
        long previous = c[0];
        for (int i = 0; i < 4; i++)
        {
            total += VaeResnet(previous, c[i]) + VaeResnet(c[i], c[i]) + (i < 3 ? Conv(c[i], c[i], 3) : 0);
            previous = c[i];
        }

        return total + VaeMid(c[3]) + Norm(c[3]) + Conv(c[3], 8, 3) + Conv(8, 8, 1);
    }

    private static long[] Channels(int d) => [320 / d, 640 / d, 1280 / d, 1280 / d];

    private static long Conv(long i, long o, long k) => (i * o * k * k) + o;

    private static long Linear(long i, long o, bool bias = true) => (i * o) + (bias ? o : 0);

    private static long Norm(long c) => 2 * c;

    private static long Time(int d) => Linear(320 / d, 1280 / d) + Linear(1280 / d, 1280 / d);

    private static long Resnet(int d, long i, long o) =>
        Norm(i) + Conv(i, o, 3) + Linear(1280 / d, o) + Norm(o) + Conv(o, o, 3) + (i == o ? 0 : Conv(i, o, 1));

    private static long Attention(long c, long context) => Linear(c, c, false) + (2 * Linear(context, c, false)) + Linear(c, c);

    private static long FeedForward(long c) => Linear(c, 8 * c) + Linear(4 * c, c);

    private static long Transformer(int d, long c, bool adapter)
    {
        long cross = 768 / d;
        long block = Norm(c) + Attention(c, c) + Norm(c) + Attention(c, cross) + Norm(c) + FeedForward(c);
        long face = adapter ? Linear(cross, c) + Norm(c) + Attention(c, c) + Norm(c) + FeedForward(c) + 2 : 0;
        return Norm(c) + (2 * Conv(c, c, 1)) + block + face;
    }

    private static (long Parameters, List<long> ResidualChannels) Down(int d, bool adapter)
    {
        long[] c = Channels(d);
        long total = 0;
        var residuals = new List<long> { c[0] };
        long previous = c[0];
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                total += Resnet(d, j == 0 ? previous : c[i], c[i]) + (i < 3 ? Transformer(d, c[i], adapter) : 0);
                residuals.Add(c[i]);
            }

            if (i < 3)
            {
                total += Conv(c[i], c[i], 3);
                residuals.Add(c[i]);
            }

            previous = c[i];
        }

        return (total, residuals);
    }

    private static long Mid(int d, bool adapter)
    {
        long c = Channels(d)[3];
        return (2 * Resnet(d, c, c)) + Transformer(d, c, adapter);
    }

    private static long UNetCore(int d, bool adapter)
    {
        long[] c = Channels(d);
        long[] reversed = [c[3], c[2], c[1], c[0]];
        long total = Time(d) + Conv(4, c[0], 3) + Down(d, adapter).Parameters + Mid(d, adapter);
        long previousOutput = reversed[0];
        for (int i = 0; i < 4; i++)
        {
            long output = reversed[i];
            long input = reversed[Math.Min(i + 1, 3)];
            for (int j = 0; j < 3; j++)
            {
                long skip = j == 2 ? input : output;
                long resnetIn = j == 0 ? previousOutput : output;
                total += Resnet(d, resnetIn + skip, output) + (i > 0 ? Transformer(d, output, adapter) : 0);
            }

            total += i < 3 ? Conv(output, output, 3) : 0;
            previousOutput = output;
        }

        return total + Norm(c[0]) + Conv(c[0], 4, 3);
    }

    private static long VaeResnet(long i, long o) => Norm(i) + Conv(i, o, 3) + Norm(o) + Conv(o, o, 3) + (i == o ? 0 : Conv(i, o, 1));

    private static long VaeMid(long c) => (2 * VaeResnet(c, c)) + Norm(c) + (4 * Linear(c, c));
}
