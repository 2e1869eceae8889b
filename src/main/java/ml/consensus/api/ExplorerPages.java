package ml.consensus.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The ledger explorer is static files under {@code static/explorer/}; these routes make its
 * folder URL work. {@code /explorer} redirects to {@code /explorer/} so that the page's relative
 * links resolve inside the folder, and {@code /explorer/} serves the page itself.
 */
@Configuration
class ExplorerPages implements WebMvcConfigurer {

    static final String PAGE = "/explorer/index.html";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/explorer", "/explorer/");
        registry.addViewController("/explorer/").setViewName("forward:" + PAGE);
    }
}
