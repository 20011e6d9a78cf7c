namespace FaceChain.Inference;

/// <summary>The real, redistributable models the product uses, pinned by hash and upstream commit.</summary>
public static class KnownModels
{
    public static readonly ModelDescriptor YuNetFaceDetector = new(
        "face_detection/yunet_n",
        "face_detection/yunet_n_dynamic.onnx",
        "104ee26c71d5c270ce79a6b3dced91c91013260d29a6bf18f9296c5b8c4c2b12",
        322906,
        new Uri("https://raw.githubusercontent.com/ShiqiYu/libfacedetection.train/0047ac24afb1a50a0c6105001c89d1b5b805dbf1/onnx/yunet_n_dynamic.onnx"));

    public static readonly ModelDescriptor YuNetSmallFaceDetector = new(
        "face_detection/yunet_s",
        "face_detection/yunet_s_dynamic.onnx",
        "daede24002cc8590f457998cc5e6c9e8b82f45f6bd969506a8913cd4ed10a2d3",
        237823,
        new Uri("https://raw.githubusercontent.com/ShiqiYu/libfacedetection.train/0047ac24afb1a50a0c6105001c89d1b5b805dbf1/onnx/yunet_s_dynamic.onnx"));

    public static readonly ModelDescriptor MobileFaceNet = new(
        "face_recognition/mobilefacenet",
        "face_recognition/mobilefacenet_foamliu_128d.onnx",
        "b7120c095d60094f28a4a54ba6a8bf51b297a6273fb40ef6350dfec1f63d9507",
        3998070,
        new Uri("https://raw.githubusercontent.com/foamliu/MobileFaceNet/a6cc9032a659b615f477833e1a70b5e7931bcccc/weights/MobileFaceNet.onnx"));

    public static readonly ModelDescriptor BodyPixPose = new(
        "pose/bodypix_mobilenetv1_050",
        "pose/bodypix_mobilenetv1_050_stride16.onnx",
        "f2e51d18eec8e3c9ef3f196ea0245db1d86529161d19e14466ad4ebc5e6ee242",
        2438662,
        new Uri("https://raw.githubusercontent.com/keijiro/BodyPixSentis/28429a7ba0465ab3681dd268f53c333094b80fb9/Packages/jp.keijiro.bodypix/ONNX/MobileNetV1-x050-stride16.onnx"));

    // The TAEF2 ONNX files are exported from the upstream .pth weights; no public URL serves these bytes.
    public static readonly ModelDescriptor Taef2Encoder = new(
        "vae_tiny/taef2_encoder",
        "vae_tiny/taef2_encoder.onnx",
        "2e3ea06a0af684727435194988280417b58f60d45d1609214d71278513af9d9d",
        5372578,
        UpstreamUrl: null);

    public static readonly ModelDescriptor Taef2Decoder = new(
        "vae_tiny/taef2_decoder",
        "vae_tiny/taef2_decoder.onnx",
        "78033733361df6f234c3ec625eaf4926125aefe6307c314a4bf7f70d2caa189c",
        5373668,
        UpstreamUrl: null);

    // CLIP's BPE files, derived from openai/CLIP@d05afc43 clip/bpe_simple_vocab_16e6.txt.gz (MIT) as simple_tokenizer does,
    // so no public URL serves these exact bytes. They sit beside the models folder (shared/tokenizer next to shared/models),
    // hence the "../" and their own list rather than All.
    public static readonly ModelDescriptor ClipVocabulary = new(
        "tokenizer/clip_vocab",
        "../tokenizer/vocab.json",
        "3f0c4f7d2086b61b38487075278ea9ed04edb53a03cbb045b86c27190fa8fb69",
        961143,
        UpstreamUrl: null);

    public static readonly ModelDescriptor ClipMerges = new(
        "tokenizer/clip_merges",
        "../tokenizer/merges.txt",
        "9fd691f7c8039210e0fced15865466c65820d09b63988b0174bfe25de299051a",
        524619,
        UpstreamUrl: null);

    public static IReadOnlyList<ModelDescriptor> ClipTokenizerFiles { get; } = [ClipVocabulary, ClipMerges];

    public static IReadOnlyList<ModelDescriptor> All { get; } =
        [YuNetFaceDetector, YuNetSmallFaceDetector, MobileFaceNet, BodyPixPose, Taef2Encoder, Taef2Decoder];

    public static ModelDescriptor Find(string id) =>
        All.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new ModelNotFoundException(id, $"unknown model id '{id}'; known ids: {string.Join(", ", All.Select(m => m.Id))}");
}
