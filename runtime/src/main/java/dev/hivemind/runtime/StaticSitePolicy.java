package dev.hivemind.runtime;

import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What the static file server adds to plain file serving: hidden files and directories ({@code .env}, {@code .git})
 * are not found, except {@code /.well-known/}; pages are revalidated on every visit ({@code no-cache}) so a new
 * release shows at once, and assets (styles, scripts, images, fonts) may be cached for an hour.
 */
final class StaticSitePolicy extends Handler.Wrapper {
    static final String INDEX = "index.html";
    static final String PAGE_CACHE = "no-cache";
    static final String ASSET_CACHE = "public, max-age=3600";
    private static final Set<String> PAGES = Set.of("html", "htm", "xhtml", "json", "xml", "txt", "webmanifest");

    StaticSitePolicy(Handler files) {
        super(files);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (hidden(path)) {
            return false;
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, cacheControl(path));
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
