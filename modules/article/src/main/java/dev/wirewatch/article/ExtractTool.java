package dev.wirewatch.article;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.spi.Tool;
import dev.wirewatch.core.spi.ToolCommandLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wirewatch extract PATH...}: the main text and metadata of HTML files (plain or gzipped, any charset), one
 * JSON line per file: {@code {"file","title","text","author","publishedAt","language"}}. A folder is read
 * recursively. A file that cannot be read is reported on stderr and the exit code is 2.
 */
public final class ExtractTool implements Tool {

    private static final int MAX_FILE_BYTES = 64 * 1024 * 1024;

    @Override
    public String name() {
        return "extract";
    }

    @Override
    public String description() {
        return "main text of HTML files (plain or .gz) as JSON lines: file, title, text, author, publishedAt, language";
    }

    /** The command line of {@code wirewatch extract}. */
    @Command(name = "wirewatch extract", customSynopsis = "wirewatch extract PATH...",
            description = "Main text and metadata of HTML files (plain or .gz, any charset), one JSON line per file.",
            footerHeading = "%nFormats:%n", footer = {
                "Input: HTML files, plain or gzipped (.gz), in any charset; a folder is read recursively.",
                "Output: one JSON line per file on standard output: {\"file\", \"title\", \"text\", \"author\", \"publishedAt\","
                        + " \"language\"} (text is the main text, paragraphs separated by line breaks).",
                "Exit status 2 when a file cannot be read; it is named on standard error and the others are still extracted."})
    static final class Options {
        @Parameters(arity = "1..*", paramLabel = "PATH", description = "HTML files, plain or .gz, or folders of them")
        List<String> paths;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help")
        boolean help;
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options options = new Options();
        return ToolCommandLine.execute(options, args, out, err, () -> extract(options.paths, out, err));
    }

    private static int extract(List<String> paths, PrintStream out, PrintStream err) throws IOException {
        List<Path> files = new ArrayList<>();
        int status = 0;
        for (String arg : paths) {
            Path path = Path.of(arg);
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                err.println("extract: " + arg + ": no such file");
                status = 2;
            }
        }
        Extractor extractor = new Extractor();
        for (Path file : files) {
            byte[] html;
            try {
                html = read(file);
            } catch (IOException e) {
                err.println("extract: " + file + ": " + e.getMessage());
                status = 2;
                continue;
            }
            ExtractedPage page = extractor.extract(html, null, file.toUri().toString());
            ObjectNode line = Json.mapper().createObjectNode();
            line.put("file", file.toString());
            line.put("title", page.title());
            line.put("text", page.text());
            line.put("author", page.author());
            line.put("publishedAt", page.publishedAt() == null ? null : page.publishedAt().toString());
            line.put("language", page.language());
            out.println(Json.mapper().writeValueAsString(line));
        }
        out.flush();
        return status;
    }

    /** The file's bytes, gunzipped when it is gzip (by name or by its magic bytes), at most 64 MB. */
    public static byte[] read(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(2);
        }
        boolean gzip = file.getFileName().toString().endsWith(".gz")
                || (head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b);
        try (InputStream raw = Files.newInputStream(file); InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new IOException("over " + MAX_FILE_BYTES + " bytes once decompressed");
            }
            return bytes;
        }
    }
}
