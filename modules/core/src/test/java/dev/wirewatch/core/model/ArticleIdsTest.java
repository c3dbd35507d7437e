package dev.wirewatch.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArticleIdsTest {

    @Test
    void trackingParametersFragmentsAndHostCaseDoNotChangeTheId() {
        String id = ArticleIds.idFor("https://elfaro.net/es/2026/11/cecot");
        assertThat(ArticleIds.idFor("https://ElFaro.net/es/2026/11/cecot/?utm_source=twitter&utm_medium=social#comments"))
                .isEqualTo(id);
        assertThat(ArticleIds.idFor("http://www.elfaro.net:80/es/2026/11/cecot?fbclid=abc")).isEqualTo(id);
        assertThat(id).hasSize(32).matches("[0-9a-f]+");
    }

    @Test
    void meaningfulQueryParametersAreKeptInAStableOrder() {
        assertThat(ArticleIds.canonicalize("https://news.example/article?id=7&utm_campaign=x&page=2"))
                .isEqualTo("https://news.example/article?id=7&page=2");
        assertThat(ArticleIds.idFor("https://news.example/article?page=2&id=7"))
                .isEqualTo(ArticleIds.idFor("https://news.example/article?id=7&page=2"));
        assertThat(ArticleIds.idFor("https://news.example/article?id=8"))
                .isNotEqualTo(ArticleIds.idFor("https://news.example/article?id=7"));
    }

    @Test
    void nonHttpOrBrokenUrlsAreLeftAsTheyAre() {
        assertThat(ArticleIds.canonicalize("urn:uuid:1234")).isEqualTo("urn:uuid:1234");
        assertThat(ArticleIds.canonicalize(" not a url ")).isEqualTo("not a url");
    }
}
