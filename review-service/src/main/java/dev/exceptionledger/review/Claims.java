package dev.exceptionledger.review;

import dev.exceptionledger.review.domain.ConflictException;
import dev.exceptionledger.review.domain.ReviewStatus;
import dev.exceptionledger.review.persistence.ReviewItem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A reviewer reserves an open item for {@code review.claim.duration}; claiming again extends it. Others are refused
 * until it expires, then the item is free again without anyone releasing it.
 */
@ApplicationScoped
public class Claims {

    private final Duration duration;

    public Claims(@ConfigProperty(name = "review.claim.duration") Duration duration) {
        this.duration = duration;
    }

    /** @return the item with the reviewer's claim */
    @Transactional
    public ReviewItem claim(UUID itemId, String reviewer) {
        ReviewItem item = ReviewItem.findExisting(itemId, LockModeType.PESSIMISTIC_WRITE);
        Instant now = Instant.now();
        if (item.status == ReviewStatus.DECIDED) {
            throw new ConflictException("review item " + item.id + " already has a verdict; nothing to claim");
        }
        refuseIfClaimedByOther(item, reviewer, now);
        item.claimedBy = reviewer;
        item.claimExpiresAt = now.plus(duration);
        return item;
    }

    /** Gives a claim back before it expires; releasing an item nobody holds is a no-op. */
    @Transactional
    public void release(UUID itemId, String reviewer) {
        ReviewItem item = ReviewItem.findExisting(itemId, LockModeType.PESSIMISTIC_WRITE);
        refuseIfClaimedByOther(item, reviewer, Instant.now());
        item.claimedBy = null;
        item.claimExpiresAt = null;
    }

    /** While another reviewer's claim is live, only they may work on the item. */
    static void refuseIfClaimedByOther(ReviewItem item, String reviewer, Instant now) {
        if (item.claimedByOtherThan(reviewer, now)) {
            throw new ConflictException("review item " + item.id + " is claimed by " + item.claimedBy + " until "
                    + item.claimExpiresAt);
        }
    }
}
