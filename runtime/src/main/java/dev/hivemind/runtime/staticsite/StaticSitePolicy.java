package dev.hivemind.runtime.staticsite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What the static file server adds to plain file serving: hidden files and directories ({@code .env}, {@code .git})
 * are not found, except {@code /.well-known/}, nor is anything a symbolic link leads to outside the site; pages are revalidated on every visit ({@code no-cache}) so a new
 * release shows at once, and assets (styles, scripts, images, fonts) may be cached for an hour; browsers are told not
 * to guess content types ({@code X-Content-Type-Options: nosniff}).
 */
final class StaticSitePolicy extends Handler.Wrapper {
    static final String INDEX = "index.html";
    static final String PAGE_CACHE = "no-cache";
    static final String ASSET_CACHE = "public, max-age=3600";
    private static final Set<String> PAGES = Set.of("html", "htm", "xhtml", "json", "xml", "txt", "webmanifest");

    private final Path root;

    /** @param root the site's directory, a real path (no symbolic links in it) */
    StaticSitePolicy(Path root, Handler files) {
        super(files);
        this.root = root;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (hidden(path) || outside(path)) {
            return false;
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, cacheControl(path));
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        if (super.handle(request, response, callback)) {
            return true;
        }
        response.getHeaders().remove(HttpHeader.CACHE_CONTROL);
        return false;
    }

    /** Whether a segment of the path names a hidden file or directory (other than {@code .well-known}). */
    static boolean hidden(String path) {
        for (String segment : path.split("/")) {
            if (segment.startsWith(".") && !segment.equals(".well-known")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the path leads out of the site: by {@code ..}, or to a symbolic link to a file elsewhere. */
    boolean outside(String path) {
        try {
            Path target = root.resolve(path.replaceFirst("^/+", "")).normalize();
            if (!target.startsWith(root)) {
                return true;
            }
            return Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !target.toRealPath().startsWith(root);
        } catch (IOException | InvalidPathException unresolvable) {
            return true;
        }
    }

    /** {@code no-cache} for pages and directories (their index page), an hour for everything else. */
    static String cacheControl(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (name.isEmpty() || dot < 0) {
            return PAGE_CACHE;
        }
        return PAGES.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT)) ? PAGE_CACHE : ASSET_CACHE;
    }
}
